import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { notFound } from '#core';
import { TerritoryKind } from '../enums.js';
import { TerritoryEntity } from './territory.entity.js';

@Injectable()
export class TerritoryService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findByKato(kato: string): Promise<TerritoryEntity> {
    const t = await this.ds.getRepository(TerritoryEntity).findOneBy({ kato });
    if (!t) throw notFound('Territory', kato);
    return t;
  }

  /** Territories of a kind, or the children of a parent (the Republic's regions when both are omitted). */
  list(filter: { kind?: TerritoryKind; parentId?: string }): Promise<TerritoryEntity[]> {
    const repo = this.ds.getRepository(TerritoryEntity);
    if (filter.kind)
      return repo.find({
        where: { kind: filter.kind, ...(filter.parentId ? { parentId: filter.parentId } : {}) },
        order: { kato: 'ASC' },
      });
    if (filter.parentId) return repo.find({ where: { parentId: filter.parentId }, order: { kato: 'ASC' } });
    return repo.find({ where: { parentId: IsNull() }, order: { kato: 'ASC' } });
  }
}
