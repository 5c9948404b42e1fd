import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '#core';

export interface SphereMarketRow {
  id: string;
  sector: string;
  keywords: string[];
  kind: 'PROVIDERS' | 'SRO';
  name: string;
  providers: number | null;
  source: string | null;
  recordedBy: string | null;
  recordedAt: Date;
}

const COLUMNS = `id, sector, keywords, kind, name, providers, source, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** Market readiness that review teams record: provider markets and SROs per sphere of a sector. */
@Injectable()
export class MarketService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(sector?: string): Promise<SphereMarketRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM sphere_market ${sector ? 'WHERE sector = $1' : ''} ORDER BY sector, kind, name`,
      sector ? [sector] : [],
    );
  }

  async record(
    input: {
      sector: string;
      keywords?: string[];
      kind: 'PROVIDERS' | 'SRO';
      name: string;
      providers?: number | null;
      source?: string | null;
    },
    actor: string | null,
  ): Promise<SphereMarketRow> {
    const keywords = [...new Set((input.keywords ?? []).map((k) => k.trim().toLowerCase()).filter(Boolean))];
    // In transactions, like every write: the history names the actor and the request.
    const [row]: SphereMarketRow[] = await this.ds.transaction((em) =>
      em.query(
        `INSERT INTO sphere_market (sector, keywords, kind, name, providers, source, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [input.sector, keywords, input.kind, input.name.trim(), input.providers ?? null, input.source ?? null, actor],
      ),
    );
    return row;
  }

  async remove(id: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.ds.transaction((em) =>
      em.query(`DELETE FROM sphere_market WHERE id = $1`, [id]),
    );
    if (!count) throw notFound('Sphere market', id);
    return true;
  }
}
