import { EventSubscriber, type EntitySubscriberInterface, type TransactionStartEvent } from 'typeorm';
import { currentActor, currentRequestId, currentSubject } from '../auth/identity.js';

/**
 * Names who acts and in which request for the history (`change_log`, `function_revision`): every
 * transaction begun on behalf of a request sets `registry.actor`, `registry.subject` (the token's
 * subject) and `registry.request` for itself
 * (`set_config(..., true)`: they end with the transaction, so a pooled connection carries nothing
 * over). `recordActor` may still name a source afterwards (`import:<file>`, `campaign:<name>`).
 * Statements outside transactions (the reads of a page) pay nothing; writes outside transactions
 * would go unnamed, so services make their writes in transactions.
 */
@EventSubscriber()
export class ActorSubscriber implements EntitySubscriberInterface {
  afterTransactionStart(event: TransactionStartEvent): Promise<unknown> | void {
    const actor = currentActor();
    const request = currentRequestId();
    if (actor === null && request === null) return;
    // A savepoint of an enclosing transaction already has them.
    if (((event.queryRunner as { transactionDepth?: number }).transactionDepth ?? 1) > 1) return;
    return event.queryRunner.query(
      `SELECT set_config('registry.actor', $1, true), set_config('registry.request', $2, true),
              set_config('registry.subject', $3, true)`,
      [actor ?? '', request ?? '', currentSubject() ?? ''],
    );
  }
}
