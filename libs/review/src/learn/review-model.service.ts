import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict } from '#core';
import { buildCorpus } from '../engine/corpus.js';
import { DEFAULT_REVIEW_OPTIONS, inExternalIdOrder, meanIdfOf } from '../engine/engine.js';
import { verdictsOf } from '../engine/scoring.js';
import { loadReviewFunctions } from '../run/review-records.js';
import { CURRENT_DECISIONS } from '../run/current-decisions.js';
import { pairFeatures } from './pair-features.js';
import { MIN_DECISIONS_EACH, PairModel, PairModelData, rulesWordOf } from './pair-model.js';

/** A trained model as stored: one row per training, never changed. */
export interface StoredReviewModel {
  id: string;
  trainedAt: Date;
  trainedBy: string | null;
  confirmed: number;
  dismissed: number;
  data: PairModelData;
}

const COLUMNS = `id, trained_at AS "trainedAt", trained_by AS "trainedBy", confirmed, dismissed, data`;

/** The model latest trained: the one `reviewModel` shows and runs asked to use a model take. */
export async function latestReviewModel(ds: DataSource): Promise<StoredReviewModel | null> {
  const [row] = await ds.query<StoredReviewModel[]>(
    `SELECT ${COLUMNS} FROM review_model ORDER BY trained_at DESC, id DESC LIMIT 1`,
  );
  return row ?? null;
}

/**
 * Trains the review's model on the registry's reviewers' decisions, on demand, and hands the latest
 * to each new run. Only decisions still current count (both statements as they were when decided):
 * a decision on a text since changed says nothing about the text as it is.
 */
@Injectable()
export class ReviewModelService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  latest(): Promise<StoredReviewModel | null> {
    return latestReviewModel(this.ds);
  }

  async train(trainedBy?: string, progress: (m: string) => void = () => {}): Promise<StoredReviewModel> {
    const decisions = await this.ds.query<{ a: string; b: string; status: string }[]>(
      `SELECT d.function_a AS a, d.function_b AS b, d.status FROM ${CURRENT_DECISIONS} d ORDER BY d.function_a, d.function_b`,
    );
    const count = (status: string) => decisions.filter((d) => d.status === status).length;
    if (count('CONFIRMED') < MIN_DECISIONS_EACH || count('DISMISSED') < MIN_DECISIONS_EACH)
      throw conflict(
        `a model needs at least ${MIN_DECISIONS_EACH} confirmed and ${MIN_DECISIONS_EACH} dismissed pairs whose statements have not changed since; there are ${count('CONFIRMED')} and ${count('DISMISSED')}`,
        { confirmed: count('CONFIRMED'), dismissed: count('DISMISSED'), needed: MIN_DECISIONS_EACH },
      );
    // The weights of words come from the whole registry, as in a full run.
    const functions = inExternalIdOrder(await loadReviewFunctions(this.ds, {}, progress));
    const corpus = buildCorpus(functions);
    const meanIdf = meanIdfOf(corpus);
    const index = new Map(functions.map((f, i) => [f.id, i]));
    const examples = decisions
      .filter((d) => index.has(d.a) && index.has(d.b))
      .map((d) => {
        const a = corpus.nodeOf[index.get(d.a)!];
        const b = corpus.nodeOf[index.get(d.b)!];
        const fa = functions[index.get(d.a)!];
        const fb = functions[index.get(d.b)!];
        return {
          features: pairFeatures(corpus, corpus.nodes[a], corpus.nodes[b], meanIdf),
          confirmed: d.status === 'CONFIRMED',
          statements: a < b ? `${a}|${b}` : `${b}|${a}`,
          rules: rulesWordOf(
            verdictsOf(corpus, corpus.nodes[a], corpus.nodes[b], DEFAULT_REVIEW_OPTIONS, meanIdf),
            fa.holder.id === fb.holder.id,
          ),
        };
      });
    const model = PairModel.train(examples);
    if (!model)
      throw conflict(
        `a model needs at least ${MIN_DECISIONS_EACH} confirmed and ${MIN_DECISIONS_EACH} dismissed pairs of functions still in the registry`,
        { needed: MIN_DECISIONS_EACH },
      );
    progress(`trained on ${model.data.confirmed} confirmed and ${model.data.dismissed} dismissed pairs`);
    const [row] = await this.ds.query<StoredReviewModel[]>(
      `INSERT INTO review_model (trained_at, trained_by, confirmed, dismissed, data) VALUES (clock_timestamp(), $1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [trainedBy ?? null, model.data.confirmed, model.data.dismissed, JSON.stringify(model.data)],
    );
    return row;
  }
}
