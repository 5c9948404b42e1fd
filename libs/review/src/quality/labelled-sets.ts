import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledSet {
  name: string;
  /** `dev`: rules were written looking at it; `blind`: labelled without seeing the engine, never tuned on. */
  kind: 'dev' | 'blind';
  functions: string;
  gold: string;
}

/** Every labelled set in the repository's fixtures, dev sets first. */
export function labelledSets(fixtures: string): LabelledSet[] {
  const sets: LabelledSet[] = [
    {
      name: 'education',
      kind: 'dev',
      functions: join(fixtures, 'dev-functions.jsonl'),
      gold: join(fixtures, 'dev-gold-pairs.jsonl'),
    },
  ];
  for (const [dir, kind] of [
    ['quality', 'dev'],
    ['quality-blind', 'blind'],
  ] as const) {
    const folder = join(fixtures, dir);
    if (!existsSync(folder)) continue;
    for (const f of readdirSync(folder)
      .filter((x) => x.endsWith('-functions.jsonl'))
      .sort()) {
      const gold = join(folder, f.replace('-functions.jsonl', '-gold-pairs.jsonl'));
      if (existsSync(gold))
        sets.push({ name: f.replace('-functions.jsonl', ''), kind, functions: join(folder, f), gold });
    }
  }
  return sets;
}
