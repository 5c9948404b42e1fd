import { join } from 'node:path';
import { ImportService } from '../libs/registry/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

/** Disproportion views: staff per function by agency, and holders of one typical function side by side. */
describe('headcount views', () => {
  let t: TestApp;
  const id = async (externalId: string) =>
    (await t.ds.query<{ id: string }[]>(`SELECT id FROM state_function WHERE external_id = $1`, [externalId]))[0].id;
  const staff = (functionId: string, units: number) =>
    t.gql(
      `mutation($f: ID!, $u: Float!) { setFunctionHeadcount(input: { functionId: $f, year: 2026, staffUnits: $u }) { staffUnits } }`,
      { f: functionId, u: units },
    );

  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
    // The same statement held by the oblast bodies and by the cities of republican significance.
    ok(await staff(await id('edu_obl_6.2.3'), 12));
    ok(await staff(await id('edu_crs_6.3.13'), 3));
    ok(await staff(await id('edu_obl_6.2.4'), 4));
    ok(await staff(await id('edu_crs_6.3.14'), 4));
    ok(await staff(await id('edu_min_5.3'), 2));
  });
  afterAll(() => t?.close());

  it('compares the holders of one typical function with their median', async () => {
    const all = ok(
      await t.gql<{ typicalFunctionStaffing: unknown[] }>(
        `{ typicalFunctionStaffing(year: 2026) { groupTitle holders staffUnits groupMedian ratioToMedian holder { code } } }`,
      ),
    ).typicalFunctionStaffing;
    expect(all).toHaveLength(4);
    const skewed = ok(
      await t.gql<{ typicalFunctionStaffing: unknown[] }>(
        `{ typicalFunctionStaffing(year: 2026, minRatio: 1.5) { holders staffUnits groupMedian ratioToMedian holder { code } function { externalId } } }`,
      ),
    ).typicalFunctionStaffing;
    expect(skewed).toEqual([
      {
        holders: 2,
        staffUnits: '12.00',
        groupMedian: '7.50',
        ratioToMedian: '1.60',
        holder: { code: 'EDU_OBL' },
        function: { externalId: 'edu_obl_6.2.3' },
      },
      {
        holders: 2,
        staffUnits: '3.00',
        groupMedian: '7.50',
        ratioToMedian: '0.40',
        holder: { code: 'EDU_CRS' },
        function: { externalId: 'edu_crs_6.3.13' },
      },
    ]);
  });

  it('gives staff per function by agency and level, heaviest first', async () => {
    const load = ok(
      await t.gql<{ staffLoad: unknown[] }>(
        `{ staffLoad(year: 2026) { agency { code } level functions functionsWithHeadcount staffUnits staffPerFunction } }`,
      ),
    ).staffLoad;
    expect(load).toEqual([
      {
        agency: { code: 'EDU_OBL' },
        level: 'REGIONAL',
        functions: 53,
        functionsWithHeadcount: 2,
        staffUnits: '16.00',
        staffPerFunction: '8.00',
      },
      {
        agency: { code: 'EDU_CRS' },
        level: 'REGIONAL',
        functions: 44,
        functionsWithHeadcount: 2,
        staffUnits: '7.00',
        staffPerFunction: '3.50',
      },
      {
        agency: { code: 'EDU_MIN' },
        level: 'CENTRAL',
        functions: 98,
        functionsWithHeadcount: 1,
        staffUnits: '2.00',
        staffPerFunction: '2.00',
      },
    ]);
    const central = ok(
      await t.gql<{ staffLoad: unknown[] }>(`{ staffLoad(year: 2026, levels: [CENTRAL]) { agency { code } } }`),
    ).staffLoad;
    expect(central).toEqual([{ agency: { code: 'EDU_MIN' } }]);
  });

  it('refuses a negative or absurd headcount with the field named', async () => {
    const res = await staff(await id('edu_min_5.3'), -1);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'staffUnits', messages: ['staffUnits must not be less than 0'] }],
    });
  });
});
