import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource, EntityManager } from 'typeorm';
import { ImportService, ImportSummary } from '../interchange/import.service.js';

/** The repository's seeds/ folder, found upwards from this file (source or compiled). */
export function seedsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'seeds', 'reference'))) return join(dir, 'seeds');
    const up = dirname(dir);
    if (up === dir) throw new Error('seeds/reference was not found above the program folder');
    dir = up;
  }
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(seedsDir(), file), 'utf8')) as T;

interface TerritorySeed {
  kato: string | null;
  kind: string;
  nameRu: string;
  nameKk: string | null;
  nameEn: string | null;
  parentKato: string | null;
}
interface AgencySeed {
  code: string;
  kind: string;
  level: string;
  nameRu: string;
  nameKk: string | null;
  nameEn: string | null;
  collegial: boolean;
  parentCode: string | null;
}
interface GroupSeed {
  code: string;
  nameRu: string | null;
  nameKk?: string | null;
  nameEn: string | null;
  subgroups?: GroupSeed[];
  groups?: GroupSeed[];
}
interface CrosswalkSeed {
  kzGroup: string;
  cofog: string[];
  note?: string;
}

export const DEMO_FILE = 'demo/education-functions.jsonl';

/**
 * Loads the reference data (territories, central state bodies, budget classifications) and, on
 * request, the demo registry. Every step is idempotent: running it again changes nothing.
 */
@Injectable()
export class SeedService {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly importer: ImportService,
  ) {}

  async seedReference(): Promise<{ territories: number; agencies: number; classificationCodes: number }> {
    return this.ds.transaction(async (em) => {
      const territories = await this.territories(em);
      const agencies = await this.agencies(em);
      const classificationCodes = await this.classifications(em);
      return { territories, agencies, classificationCodes };
    });
  }

  /** Loads the demo registry, only into a registry that holds no functions yet. */
  async seedDemo(): Promise<ImportSummary | undefined> {
    const [{ count }]: { count: number }[] = await this.ds.query(`SELECT count(*)::int AS count FROM state_function`);
    if (count > 0) {
      this.log.log(`the registry already holds ${count} functions; demo data not loaded`);
      return undefined;
    }
    return this.importer.importFile(join(seedsDir(), DEMO_FILE), (m) => this.log.log(m));
  }

  private async territories(em: EntityManager): Promise<number> {
    const rows = readJson<TerritorySeed[]>('reference/territories.json');
    const root = rows.find((t) => t.kind === 'REPUBLIC');
    let rootId: string | undefined;
    if (root) {
      const [existing]: { id: string }[] = await em.query(
        `SELECT id FROM territory WHERE kind = 'REPUBLIC' AND kato IS NULL LIMIT 1`,
      );
      rootId = existing?.id;
      if (rootId) {
        await em.query(`UPDATE territory SET name_ru = $2, name_kk = $3, name_en = $4 WHERE id = $1`, [
          rootId,
          root.nameRu,
          root.nameKk,
          root.nameEn,
        ]);
      } else {
        [{ id: rootId }] = await em.query(
          `INSERT INTO territory (kind, name_ru, name_kk, name_en) VALUES ('REPUBLIC', $1, $2, $3) RETURNING id`,
          [root.nameRu, root.nameKk, root.nameEn],
        );
      }
    }
    const coded = rows.filter((t) => t.kato);
    for (const t of coded) {
      await em.query(
        `INSERT INTO territory (kato, kind, name_ru, name_kk, name_en, parent_id)
         VALUES ($1, $2, $3, $4, $5, coalesce((SELECT id FROM territory WHERE kato = $6), $7))
         ON CONFLICT (kato) DO UPDATE SET kind = EXCLUDED.kind, name_ru = EXCLUDED.name_ru, name_kk = EXCLUDED.name_kk,
           name_en = EXCLUDED.name_en, parent_id = EXCLUDED.parent_id, updated_at = now()`,
        [t.kato, t.kind, t.nameRu, t.nameKk, t.nameEn, t.parentKato, t.parentKato ? null : (rootId ?? null)],
      );
    }
    return rows.length;
  }

  private async agencies(em: EntityManager): Promise<number> {
    const rows = readJson<AgencySeed[]>('reference/agencies.json');
    for (const a of rows) {
      await em.query(
        `INSERT INTO agency (code, kind, level, name_ru, name_kk, name_en, collegial, territory_kinds)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{REPUBLIC}')
         ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, level = EXCLUDED.level, name_ru = EXCLUDED.name_ru,
           name_kk = coalesce(EXCLUDED.name_kk, agency.name_kk), name_en = coalesce(EXCLUDED.name_en, agency.name_en),
           collegial = EXCLUDED.collegial`,
        [a.code, a.kind, a.level, a.nameRu, a.nameKk, a.nameEn, a.collegial],
      );
    }
    for (const a of rows.filter((r) => r.parentCode)) {
      await em.query(`UPDATE agency SET parent_id = (SELECT id FROM agency WHERE code = $2) WHERE code = $1`, [
        a.code,
        a.parentCode,
      ]);
    }
    return rows.length;
  }

  private async classifications(em: EntityManager): Promise<number> {
    const codes: [string, string, string | null, string | null, string | null, string | null][] = [];
    for (const g of readJson<GroupSeed[]>('reference/budget-functional-groups.json')) {
      codes.push(['KZ_FUNCTIONAL', g.code, null, g.nameRu, g.nameKk ?? null, g.nameEn]);
      for (const s of g.subgroups ?? [])
        codes.push(['KZ_FUNCTIONAL', s.code, g.code, s.nameRu, s.nameKk ?? null, s.nameEn ?? null]);
    }
    for (const d of readJson<GroupSeed[]>('reference/cofog.json')) {
      codes.push(['COFOG', d.code, null, d.nameRu, null, d.nameEn]);
      for (const g of d.groups ?? []) codes.push(['COFOG', g.code, d.code, g.nameRu, null, g.nameEn]);
    }
    for (const c of codes) {
      await em.query(
        `INSERT INTO classification_code (scheme, code, parent_code, name_ru, name_kk, name_en) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (scheme, code) DO UPDATE SET parent_code = EXCLUDED.parent_code, name_ru = EXCLUDED.name_ru,
           name_kk = EXCLUDED.name_kk, name_en = EXCLUDED.name_en`,
        c,
      );
    }
    const cofogCodes = new Set(codes.filter((c) => c[0] === 'COFOG').map((c) => c[1]));
    for (const m of readJson<CrosswalkSeed[]>('reference/crosswalk-kz-cofog.json')) {
      for (const target of m.cofog) {
        // The crosswalk names some COFOG classes (04.7.3) below the groups the reference lists;
        // they are recorded against their group, and the note keeps the class.
        let to = target;
        while (!cofogCodes.has(to) && to.includes('.')) to = to.slice(0, to.lastIndexOf('.'));
        const note = to === target ? (m.note ?? null) : `${m.note ?? ''} (COFOG class ${target})`.trim();
        await em.query(
          `INSERT INTO classification_mapping (from_scheme, from_code, to_scheme, to_code, note) VALUES ('KZ_FUNCTIONAL', $1, 'COFOG', $2, $3)
           ON CONFLICT DO NOTHING`,
          [m.kzGroup, to, note],
        );
      }
    }
    return codes.length;
  }
}
