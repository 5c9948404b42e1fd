import { axisOf, territoriesMeet } from '../engine/holders.js';
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
 * groups are paired where their bodies' territories meet on the finding's axis. The finding's own
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
  const both = f.groupA !== null && f.groupB !== null;
  for (const x of sideA) {
    const fx = byId.get(x);
    if (!fx) continue;
    for (const y of sideB) {
      const fy = byId.get(y);
      if (!fy || x === y) continue;
      // A single holder meets every member of a group alike (the finding says so); two groups meet body by body.
      if (both && (territoriesMeet(fx.holder, fy.holder) === 'NO' || axisOf(fx.holder, fy.holder) !== f.axis)) continue;
      out.push(x < y ? { a: fx, b: fy } : { a: fy, b: fx });
    }
  }
  return out.sort((p, q) => (p.a.id < q.a.id ? -1 : p.a.id > q.a.id ? 1 : p.b.id < q.b.id ? -1 : 1));
}
