import { specificBody } from '../engine/engine.js';
import { axisOf, katoPrefix, territoriesMeet } from '../engine/holders.js';
import { Axis, ReviewFunction } from '../engine/types.js';
import { loadReviewFunctionsByIds, RowSource } from './review-records.js';

/** What reading a stored finding's instances needs of its row. */
export interface StoredFindingShape {
  runId: string;
  functionA: string;
  functionB: string;
  axis: Axis;
  /** The group of replicated bodies on the side of `functionA` (and of `functionB`), if any. */
  groupA: number | null;
  groupB: number | null;
}

/** One pair of functions a finding stands for, `a < b` by id. */
export interface FindingInstance {
  a: ReviewFunction;
  b: ReviewFunction;
}

/**
 * The pairs of functions a stored finding stands for, worked out from its structure as the engine
 * pairs them: a single function against a group is paired with every member of the group; two
 * groups (of replicated bodies, or of the central bodies and typical holders stating each statement)
 * are paired where their bodies' territories meet on the finding's axis. The finding's own
 * pair is among them. Holders are read as they are now.
 */
export async function findingInstances(ds: RowSource, f: StoredFindingShape): Promise<FindingInstance[]> {
  const groups = [f.groupA, f.groupB].filter((g): g is number => g !== null);
  const members = new Map<number, string[]>();
  if (groups.length) {
    const rows: { group_no: number; function_id: string }[] = await ds.query(
      `SELECT group_no, function_id FROM review_group_member WHERE run_id = $1 AND group_no = ANY($2::int[])`,
      [f.runId, groups],
    );
    for (const r of rows) {
      const list = members.get(r.group_no);
      if (list) list.push(r.function_id);
      else members.set(r.group_no, [r.function_id]);
    }
  }
  const sideA = f.groupA === null ? [f.functionA] : (members.get(f.groupA) ?? [f.functionA]);
  const sideB = f.groupB === null ? [f.functionB] : (members.get(f.groupB) ?? [f.functionB]);
  const byId = new Map((await loadReviewFunctionsByIds(ds, [...new Set([...sideA, ...sideB])])).map((x) => [x.id, x]));
  const out: FindingInstance[] = [];
  // Two groups of holders of one statement (central bodies stating it twice over) list each pair once.
  const seen = new Set<string>();
  const both = f.groupA !== null && f.groupB !== null;
  // Central bodies or typical holders (loose) meet every member of a group of replicated bodies alike,
  // as the first member (the finding says so), whether one of them or several: no pair is checked.
  const loose = (side: string[]) =>
    side.every((id) => {
      const h = byId.get(id)?.holder;
      return !h || !specificBody(h);
    });
  const checked = both && loose(sideA) === loose(sideB);
  const others = checked
    ? byTerritory(sideB.map((y) => byId.get(y)).filter((y): y is ReviewFunction => !!y))
    : undefined;
  for (const x of sideA) {
    const fx = byId.get(x);
    if (!fx) continue;
    for (const fy of others ? others.around(fx) : sideB.map((y) => byId.get(y))) {
      if (!fy || x === fy.id) continue;
      // Two groups of replicated bodies, or of loose holders, meet body by body.
      if (checked && (territoriesMeet(fx.holder, fy.holder) === 'NO' || axisOf(fx.holder, fy.holder) !== f.axis))
        continue;
      const pair = x < fy.id ? { a: fx, b: fy } : { a: fy, b: fx };
      if (both) {
        const key = `${pair.a.id} ${pair.b.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push(pair);
    }
  }
  return out.sort((p, q) => (p.a.id < q.a.id ? -1 : p.a.id > q.a.id ? 1 : p.b.id < q.b.id ? -1 : 1));
}

/**
 * The bodies of a group by territory, so that a body of the other group is matched with those on
 * its own territory, inside it or around it (the only ones whose territories can meet its own), not
 * with every body: two groups over 2,300 rural districts are 2,300 matches, not 5 million checks.
 * Bodies with no territory meet anyone and are always offered.
 */
function byTerritory(group: ReviewFunction[]) {
  const byPrefix = new Map<string, ReviewFunction[]>();
  const anywhere: ReviewFunction[] = [];
  for (const g of group) {
    const t = g.holder.territory;
    if (!t || g.holder.level === 'CENTRAL') anywhere.push(g);
    else {
      const p = katoPrefix(t);
      const list = byPrefix.get(p);
      if (list) list.push(g);
      else byPrefix.set(p, [g]);
    }
  }
  const prefixes = [...byPrefix.keys()].sort();
  return {
    around(fx: ReviewFunction): ReviewFunction[] {
      const t = fx.holder.territory;
      if (!t || fx.holder.level === 'CENTRAL') return group;
      const p = katoPrefix(t);
      const found = new Set<ReviewFunction>(anywhere);
      // Inside it, or the same: their codes begin with its prefix.
      let lo = 0;
      let hi = prefixes.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (prefixes[mid] < p) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < prefixes.length && prefixes[i].startsWith(p); i++)
        for (const g of byPrefix.get(prefixes[i])!) found.add(g);
      // Around it: its code begins with theirs.
      for (const len of [2, 4, 6, t.length]) for (const g of byPrefix.get(t.slice(0, len)) ?? []) found.add(g);
      return [...found];
    },
  };
}
