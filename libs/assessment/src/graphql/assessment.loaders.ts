import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoadersFactory, ProvidesLoaders } from '#core';
import { AssessmentService } from '../assessment.service.js';
import { ClassificationDecisionService } from '../classification-decision.service.js';
import { DuplicateLink, SphereMarket } from '../transfer/transfer-flags.js';
import { ObservationRow, TransferEventRow, TransferService } from '../transfer/transfer.service.js';
import { ClassificationDecision, FunctionTransfer } from './assessment.models.js';

/** The batch loaders of one request for assessment views and the fields it adds to functions. */
export interface AssessmentLoaders {
  /** The recorded markets, read once per request however many functions' flags need them. */
  markets(): Promise<SphereMarket[]>;
  duplicates: DataLoader<string, DuplicateLink[]>;
  decisions: DataLoader<string, ClassificationDecision[]>;
  transfers: DataLoader<string, FunctionTransfer[]>;
  transferEvents: DataLoader<string, TransferEventRow[]>;
  transferObservations: DataLoader<string, ObservationRow[]>;
}

declare module '#core' {
  interface RequestLoaders {
    assessment: AssessmentLoaders;
  }
}

@Injectable()
@ProvidesLoaders('assessment')
export class AssessmentLoadersFactory implements LoadersFactory<'assessment'> {
  constructor(
    private readonly assessment: AssessmentService,
    private readonly decisions: ClassificationDecisionService,
    private readonly transfers: TransferService,
  ) {}

  createLoaders(): AssessmentLoaders {
    let markets: Promise<SphereMarket[]> | undefined;
    return {
      markets: () => (markets ??= this.assessment.markets()),
      duplicates: new DataLoader((ids: readonly string[]) =>
        this.assessment.duplicatesOf(ids).then((m) => ids.map((id) => m.get(id) ?? [])),
      ),
      decisions: new DataLoader((ids: readonly string[]) =>
        this.decisions.historyOf(ids).then((m) => ids.map((id) => (m.get(id) ?? []) as ClassificationDecision[])),
      ),
      transfers: new DataLoader((ids: readonly string[]) =>
        this.transfers
          .byFunction(ids)
          .then((m) => ids.map((id) => (m.get(id) ?? []).map((t) => new FunctionTransfer(t)))),
      ),
      transferEvents: new DataLoader((ids: readonly string[]) =>
        this.transfers.events(ids).then((m) => ids.map((id) => m.get(id) ?? [])),
      ),
      transferObservations: new DataLoader((ids: readonly string[]) =>
        this.transfers.observations(ids).then((m) => ids.map((id) => m.get(id) ?? [])),
      ),
    };
  }
}
