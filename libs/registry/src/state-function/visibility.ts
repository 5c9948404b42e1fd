import { isStaff, type Identity } from '#core';
import { FunctionStatus } from '../enums.js';

/**
 * What the public may read of the registry: functions in force (ACTIVE and not archived). Staff
 * read everything, drafts included.
 */
export function publishedTo(identity: Identity, fn: { status: FunctionStatus; archivedAt: Date | null }): boolean {
  return isStaff(identity) || (fn.status === FunctionStatus.ACTIVE && fn.archivedAt === null);
}
