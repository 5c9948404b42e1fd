import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoadersFactory, ProvidesLoaders } from '#core';
import { ReviewRunService } from '../run/review-run.service.js';

/** The batch loaders of one request for review views. */
export interface ReviewLoaders {
  /** A queued run's place in the queue (1: the next to start); null for a run not queued. */
  queuePosition: DataLoader<string, number | null>;
}

declare module '#core' {
  interface RequestLoaders {
    review: ReviewLoaders;
  }
}

@Injectable()
@ProvidesLoaders('review')
export class ReviewLoadersFactory implements LoadersFactory<'review'> {
  constructor(private readonly runs: ReviewRunService) {}

  createLoaders(): ReviewLoaders {
    return {
      queuePosition: new DataLoader((ids: readonly string[]) =>
        this.runs.queuePositions(ids).then((m) => ids.map((id) => m.get(id) ?? null)),
      ),
    };
  }
}
