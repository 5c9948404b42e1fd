import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, notFound } from '#core';
import { ReviewIndex } from '../engine/review-index.js';
import { ReviewPair } from '../engine/types.js';
import { loadReviewFunctions, loadReviewFunctionsByIds, loadReviewHolder } from './review-records.js';
import { PROPOSED } from '../graphql/review.models.js';

/** How often a check looks for changes in the registry before trusting its index. */
const FRESHNESS_MS = 5_000;

/**
 * Live duplicate checks of one function against the registry. The index is built in memory from
 * the whole active registry on first use and rebuilt in the background when the registry changes;
 * meanwhile checks answer from the previous index (the checked text itself is always current).
 */
@Injectable()
export class ReviewCheckService {
  private readonly log = new Logger('ReviewIndex');
  private index?: ReviewIndex;
  private building?: Promise<ReviewIndex>;
  private watermark = '';
  private checkedAt = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Duplicates and overlaps of a registered function. */
  async duplicatesOf(functionId: string, limit: number): Promise<ReviewPair[]> {
    const index = await this.current();
    const [row] = await loadReviewFunctionsByIds(this.ds, [functionId]);
    if (!row) throw notFound('Function', functionId);
    return index.check(row, limit);
  }

  /** Likely duplicates of a statement someone proposes for an agency, before it is registered. */
  async checkProposed(title: string, holderId: string, limit: number): Promise<ReviewPair[]> {
    const holder = await loadReviewHolder(this.ds, holderId);
    if (!holder) throw badInput('holderId', `no agency has id ${holderId}`);
    const index = await this.current();
    return index.check({ id: PROPOSED, externalId: PROPOSED, title, holder, legalBasis: [] }, limit);
  }

  /** The index, built if there is none; a stale one is replaced in the background. */
  async current(): Promise<ReviewIndex> {
    if (!this.index) return this.rebuild();
    if (Date.now() - this.checkedAt > FRESHNESS_MS && !this.building) {
      this.checkedAt = Date.now();
      const [{ mark }] = await this.ds.query<{ mark: string }[]>(
        `SELECT coalesce(max(updated_at), 'epoch')::text || ':' || count(*) AS mark FROM registry_function`,
      );
      if (mark !== this.watermark) void this.rebuild().catch((err) => this.log.error(`index rebuild failed: ${err}`));
    }
    return this.index;
  }

  private rebuild(): Promise<ReviewIndex> {
    this.building ??= (async () => {
      const started = performance.now();
      const [{ mark }] = await this.ds.query<{ mark: string }[]>(
        `SELECT coalesce(max(updated_at), 'epoch')::text || ':' || count(*) AS mark FROM registry_function`,
      );
      const functions = await loadReviewFunctions(this.ds, {});
      const index = new ReviewIndex(functions);
      this.index = index;
      this.watermark = mark;
      this.checkedAt = Date.now();
      this.log.log(`index of ${functions.length} functions built in ${Math.round(performance.now() - started)} ms`);
      return index;
    })().finally(() => (this.building = undefined));
    return this.building;
  }
}
