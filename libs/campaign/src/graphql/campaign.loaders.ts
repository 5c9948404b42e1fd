import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LoadersFactory, ProvidesLoaders } from '#core';
import { CampaignService, FindingEventRow } from '../campaign.service.js';

/** The batch loaders of one request for campaign views (budget programmes come from `budget`). */
export interface CampaignLoaders {
  findingEvents: DataLoader<string, FindingEventRow[]>;
}

declare module '#core' {
  interface RequestLoaders {
    campaign: CampaignLoaders;
  }
}

@Injectable()
@ProvidesLoaders('campaign')
export class CampaignLoadersFactory implements LoadersFactory<'campaign'> {
  constructor(private readonly campaigns: CampaignService) {}

  createLoaders(): CampaignLoaders {
    return {
      findingEvents: new DataLoader((ids: readonly string[]) =>
        this.campaigns.events(ids).then((m) => ids.map((id) => m.get(id) ?? [])),
      ),
    };
  }
}
