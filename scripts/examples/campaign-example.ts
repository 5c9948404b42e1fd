/**
 * One functional review campaign from import to approved decisions and the savings they free, all
 * through GraphQL: the worked example of docs/functional-review.md. The same steps run in the test
 * suite (test/review-workflow.e2e-spec.ts) against a fresh database, and from the command line
 * against a running API (`node dist/scripts/examples/campaign-example.js http://localhost:3000`),
 * which prints every request and answer as Markdown.
 *
 * The registry is the development set (real statements of the Law on Education, typical holders).
 * The budget programmes, expenditures, headcount and the provider market are invented for the
 * example: their codes start with DEMO and their figures are round.
 */

import { loadConfig, Role, TokenService } from '../../libs/core/src/index.js';

export interface GqlAnswer<T = unknown> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A person of the example: the name their token carries, how the text presents them, their roles. */
export interface Actor {
  name: string;
  label: string;
  roles: Role[];
}

export type Post = (query: string, variables: Record<string, unknown>, actor: Actor) => Promise<GqlAnswer>;

export interface Step {
  title: string;
  text: string;
  actor: Actor;
  query: string;
  variables: Record<string, unknown>;
  answer: GqlAnswer;
}

const REVIEWER: Actor = { name: 'a.seitkali', label: 'a.seitkali (functional review team)', roles: [Role.REVIEWER] };
const PLANNER: Actor = { name: 'g.omarova', label: 'g.omarova (budget planner)', roles: [Role.BUDGET_PLANNER] };
const LEAD: Actor = { name: 'd.nurlanov', label: 'd.nurlanov (head of the review team)', roles: [Role.REVIEWER] };
const APPROVER: Actor = {
  name: 'commission-2026-09-15',
  label: 'commission-2026-09-15 (the commission that approves)',
  roles: [Role.REVIEWER],
};

export async function runCampaignExample(
  post: Post,
  waitMs = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<Step[]> {
  const steps: Step[] = [];
  const ask = async <T>(
    title: string,
    text: string,
    actor: Actor,
    query: string,
    variables: Record<string, unknown> = {},
    expectErrors = false,
  ) => {
    const answer = await post(query, variables, actor);
    if (!expectErrors && answer.errors?.length) throw new Error(`${title}: ${JSON.stringify(answer.errors)}`);
    if (expectErrors && !answer.errors?.length)
      throw new Error(`${title}: expected an error, got ${JSON.stringify(answer.data)}`);
    steps.push({ title, text, actor, query, variables, answer });
    return answer.data as T;
  };
  // Ids are looked up by the function codes the import gave, through the registry's own query.
  const byExternal = async (externalIds: string[]) => {
    const data = await ask<{ stateFunctions: { items: { id: string; code: string; externalId: string }[] } }>(
      'Find the functions the example works on',
      "The import kept each line's `externalId`; the registry gave every function a code.",
      REVIEWER,
      `query($ids: [String!]!) { stateFunctions(filter: { externalIds: $ids }) { items { id code externalId title type holder { code level } } } }`,
      { ids: externalIds },
    );
    return new Map<string, { id: string; code: string }>(data.stateFunctions.items.map((f) => [f.externalId, f]));
  };

  const run = await ask<{ startReviewRun: { id: string; status: string } }>(
    'Run a review of the whole registry',
    'The review finds duplicates and overlaps; transfer flags and the campaign report read its pairs.',
    REVIEWER,
    `mutation { startReviewRun { id status } }`,
  );
  let status = run.startReviewRun.status;
  // A run may first wait its turn in the queue.
  for (let i = 0; i < 300 && (status === 'QUEUED' || status === 'RUNNING'); i++) {
    await waitMs(100);
    const polled = (await post(
      `query($id: ID!) { reviewRun(id: $id) { status } }`,
      { id: run.startReviewRun.id },
      REVIEWER,
    )) as GqlAnswer<{ reviewRun: { status: string } }>;
    status = polled.data!.reviewRun.status;
  }
  if (status !== 'SUCCEEDED') throw new Error(`the review ended ${status}`);
  await ask(
    'The review is done',
    'Its statistics:',
    REVIEWER,
    `query($id: ID!) { reviewRun(id: $id) { status stats } }`,
    { id: run.startReviewRun.id },
  );

  const f = await byExternal(['edu_obl_6.2.13', 'edu_obl_6.2.21', 'edu_dist_6.4.17', 'edu_obl_6.2.24-3']);
  const olympiads = f.get('edu_obl_6.2.13')!;
  const oblTravel = f.get('edu_obl_6.2.21')!;
  const distTravel = f.get('edu_dist_6.4.17')!;
  const grants = f.get('edu_obl_6.2.24-3')!;

  await ask(
    'Type suggestions, and a reviewer accepting one',
    'Each function carries a suggested type with the verb and object that decided it.',
    REVIEWER,
    `query($id: ID!) { stateFunction(id: $id) { code title type suggestedType { type confidence confident reason } supportingSuggestion { supporting reason } } }`,
    { id: olympiads.id },
  );
  await ask(
    'Accept the suggested type',
    'The decision is kept with the suggestion it accepted and who made it (the name in their token).',
    REVIEWER,
    `mutation($id: ID!) { decideFunctionType(input: { functionId: $id, acceptSuggestion: true, note: "checked against art. 6" }) { field value previousValue suggestedValue acceptedSuggestion decidedBy } }`,
    { id: olympiads.id },
  );

  await ask(
    'Record market readiness for a sphere',
    'Review teams keep the markets and SROs per sphere; here, private organisers of school olympiads (invented for the example).',
    REVIEWER,
    `mutation { recordSphereMarket(input: { sector: "education", keywords: ["олимпиада"], kind: PROVIDERS, name: "организаторы олимпиад и конкурсов (пример)", providers: 14, source: "example data" }) { id sector keywords kind providers } }`,
  );

  const campaign = await ask<{ createReviewCampaign: { id: string } }>(
    'Open a campaign',
    'Scope: education functions of regional and district bodies; a period and a team.',
    LEAD,
    `mutation { createReviewCampaign(input: { code: "DEMO-FR-EDU-2026", title: "Функциональный анализ местных органов образования (пример)",
       levels: [REGIONAL, DISTRICT], sectors: ["education"], startsOn: "2026-06-01", endsOn: "2026-11-30",
       team: [{ name: "Д. Нурланов", role: "руководитель группы" }, { name: "А. Сейткали", role: "аналитик" }, { name: "Г. Омарова", role: "бюджет" }] })
       { id code levels sectors startsOn endsOn team { name role }
         separationOfDuties { approverNotProposer implementerNotProposer implementerNotApprover agreerNotProposer } } }`,
  );
  const campaignId = campaign.createReviewCampaign.id;

  await ask(
    'Transfer candidates in the scope',
    'Flags with their reasons, strongest first.',
    REVIEWER,
    `{ transferCandidates(take: 5, filter: { levels: [REGIONAL, DISTRICT], sector: "education", minStrength: STRONG }) { totalCount items { function { code title } flags { option strength reasons { code text } } } } }`,
  );

  const holders = await ask<Record<'a' | 'b', { holder: { id: string; code: string } }>>(
    'The administrators of the budget programmes',
    'The holders of the functions administer the programmes that pay for them.',
    PLANNER,
    `query($a: ID!, $b: ID!) { a: stateFunction(id: $a) { holder { id code } } b: stateFunction(id: $b) { holder { id code } } }`,
    { a: olympiads.id, b: distTravel.id },
  );

  await ask(
    'The reasonableness test of a proposed function',
    'Before a new function is registered: its suggested type, likely duplicates and transfer options.',
    REVIEWER,
    `query($holder: ID!) { assessProposedFunction(input: { holderId: $holder, sector: "education",
       title: "обеспечивает организацию и проведение школьных олимпиад и конкурсов научных проектов по общеобразовательным предметам районного масштаба" }) {
       suggestedType { type confident reason } duplicates { band axis score b { code title } } transferFlags { option strength reasons { code text } } } }`,
    { holder: holders.b.holder.id },
  );
  const p1 = await ask<{ createBudgetProgramme: { id: string } }>(
    'Create a budget programme',
    'Programme codes and figures are invented for the example.',
    PLANNER,
    `mutation($admin: ID!) { createBudgetProgramme(input: { code: "DEMO-360-015", administratorId: $admin, budgetLevel: REGIONAL, functionalGroup: "04",
       functionalSubgroup: "9", cofogGroup: "09.5", nameRu: "Дополнительное образование и олимпиады (пример)" }) { id code budgetLevel administrator { code } } }`,
    { admin: holders.a.holder.id },
  );
  const p2 = await ask<{ createBudgetProgramme: { id: string } }>(
    'And one of a district',
    '',
    PLANNER,
    `mutation($admin: ID!) { createBudgetProgramme(input: { code: "DEMO-464-003", administratorId: $admin, budgetLevel: DISTRICT, functionalGroup: "04",
       cofogGroup: "09.8", nameRu: "Обеспечение деятельности отдела образования района (пример)" }) { id code } }`,
    { admin: holders.b.holder.id },
  );
  const prog1 = p1.createBudgetProgramme.id;
  const prog2 = p2.createBudgetProgramme.id;
  await ask(
    'Record expenditure for 2026',
    'Plan and actual, in tenge.',
    PLANNER,
    `mutation($p1: ID!, $p2: ID!) {
       a: setBudgetExpenditure(input: { programmeId: $p1, year: 2026, planned: 480000000, actual: 455000000 }) { year planned actual linkedPercent }
       b: setBudgetExpenditure(input: { programmeId: $p2, year: 2026, planned: 36000000, actual: 34000000 }) { year planned actual linkedPercent } }`,
    { p1: prog1, p2: prog2 },
  );
  await ask(
    'Link the expenditure to the functions it pays for',
    "A share of the programme's expenditure of the year per function.",
    PLANNER,
    `mutation($p1: ID!, $p2: ID!, $olympiads: ID!, $grants: ID!, $travel: ID!) {
       a: linkBudgetExpenditure(input: { programmeId: $p1, year: 2026, functionId: $olympiads, sharePercent: 40 }) { id sharePercent plannedAmount actualAmount }
       b: linkBudgetExpenditure(input: { programmeId: $p1, year: 2026, functionId: $grants, sharePercent: 35 }) { id sharePercent plannedAmount actualAmount }
       c: linkBudgetExpenditure(input: { programmeId: $p2, year: 2026, functionId: $travel, sharePercent: 10, note: "one specialist part-time" }) { id sharePercent plannedAmount actualAmount } }`,
    { p1: prog1, p2: prog2, olympiads: olympiads.id, grants: grants.id, travel: distTravel.id },
  );
  await ask(
    'A link that would pass 100 % is refused',
    '75 % of the programme is linked already; 30 % more is refused and nothing is written.',
    PLANNER,
    `mutation($p1: ID!, $f: ID!) { linkBudgetExpenditure(input: { programmeId: $p1, year: 2026, functionId: $f, sharePercent: 30 }) { id } }`,
    { p1: prog1, f: oblTravel.id },
    true,
  );
  await ask(
    'Unlinked expenditure',
    'What no function accounts for yet.',
    PLANNER,
    `{ unlinkedExpenditure(year: 2026) { items { programme { code } planned linkedPercent unlinkedPlanned unlinkedActual } } }`,
  );
  await ask(
    'Headcount per function',
    'Staff units (штатные единицы) per function and year.',
    PLANNER,
    `mutation($a: ID!, $b: ID!) {
       a: setFunctionHeadcount(input: { functionId: $a, year: 2026, staffUnits: 6.5 }) { year staffUnits }
       b: setFunctionHeadcount(input: { functionId: $b, year: 2026, staffUnits: 1.5 }) { year staffUnits } }`,
    { a: olympiads.id, b: distTravel.id },
  );

  const clusters = await ask<{
    functionDuplicatesInRun: { items: { clusterNo: number; a: { id: string }; b: { id: string } }[] };
  }>(
    'The duplicate cluster of the two travel-benefit functions',
    'The review joined the oblast and the district function (VERTICAL: the district lies in the oblast).',
    REVIEWER,
    `query($id: ID!) { functionDuplicatesInRun: duplicatePairs(filter: { bands: [DUPLICATE], levels: [DISTRICT] }, take: 50) { items { clusterNo axis score a { id code } b { id code } } } run: reviewRun(id: $id) { id } }`,
    { id: run.startReviewRun.id },
  );
  const pair = clusters.functionDuplicatesInRun.items.find(
    (p) => [p.a.id, p.b.id].includes(distTravel.id) && [p.a.id, p.b.id].includes(oblTravel.id),
  );
  if (!pair) throw new Error('the review did not pair the two travel-benefit functions');

  const merge = await ask<{ proposeFinding: { id: string } }>(
    'Propose: merge the district function into the oblast one',
    "A finding on the whole duplicate cluster; the function merged into stays, the others are the finding's subjects.",
    REVIEWER,
    `mutation($c: ID!, $run: ID!, $no: Int!, $into: ID!) { proposeFinding(input: { campaignId: $c, reviewRunId: $run, clusterNo: $no, action: MERGE, mergeIntoId: $into,
       rationale: "Оба органа вносят в маслихат одно и то же предложение по одной территории; достаточно областного уровня." }) { id action status savingsPercent functions { code } mergeInto { code } } }`,
    { c: campaignId, run: run.startReviewRun.id, no: pair.clusterNo, into: oblTravel.id },
  );
  const transfer = await ask<{ proposeFinding: { id: string } }>(
    'Propose: transfer the olympiads to the competitive environment',
    '',
    REVIEWER,
    `mutation($c: ID!, $f: ID!) { proposeFinding(input: { campaignId: $c, functionIds: [$f], action: TRANSFER, transferOption: COMPETITIVE_ENVIRONMENT,
       rationale: "Услуга организации олимпиад оказывается частными организаторами; функция реализационная." }) { id action transferOption status savingsPercent } }`,
    { c: campaignId, f: olympiads.id },
  );
  const findingIds = [merge.proposeFinding.id, transfer.proposeFinding.id];
  const both = (status: string, actor: Actor, note: string, title = `Move both findings to ${status}`) =>
    ask(
      title,
      'Each step is kept with who took it and when.',
      actor,
      `mutation($a: ID!, $b: ID!, $s: FindingStatus!, $n: String) {
         a: advanceFinding(input: { findingId: $a, status: $s, note: $n }) { id status }
         b: advanceFinding(input: { findingId: $b, status: $s, note: $n }) { id status } }`,
      { a: findingIds[0], b: findingIds[1], s: status, n: note },
    );
  await both('AGREED', LEAD, 'agreed with the agencies');
  await ask(
    'The proposer may not approve',
    'Separation of duties: whoever proposed a finding cannot approve or implement it; the step is refused and nothing changes.',
    REVIEWER,
    `mutation($a: ID!) { advanceFinding(input: { findingId: $a, status: APPROVED }) { id status } }`,
    { a: findingIds[0] },
    true,
  );
  await both('APPROVED', APPROVER, 'protocol No. 7');

  await ask(
    'What the approved decisions free',
    'Per year and agency, with every line traceable to the budget link and headcount it comes from.',
    PLANNER,
    `query($c: ID!) { savingsOf(campaignId: $c) { totals { year agency { code } freedPlanned freedActual freedStaff }
       lines { finding: findingId function { code } programme { code } year linkId linkShare programmePlanned savingsShare freedPlanned freedActual }
       staff { function { code } year staffUnits savingsShare freedStaff } } }`,
    { c: campaignId },
  );
  await ask(
    'The campaign report',
    'The same figures per agency and level; `xlsxUrl` downloads it as a workbook.',
    LEAD,
    `query($c: ID!) { campaignReport(id: $c) { xlsxUrl agencies { agencyCode level functions strategic regulatory implementing control unclassified duplicatePairs overlapPairs
       transferCandidates decisions { action status findings functions } freedPlanned freedStaff } } }`,
    { c: campaignId },
  );

  const implemented = await ask<{ advanceFinding: { functions: { transfers: { id: string }[] }[] } }>(
    'Implement the transfer',
    'Implementing a TRANSFER plans the transfer; the transfer is then tracked on its own.',
    LEAD,
    `mutation($b: ID!) { advanceFinding(input: { findingId: $b, status: IMPLEMENTED }) { status functions { code status transfers { id status option } } } }`,
    { b: findingIds[1] },
  );
  const planned = implemented.advanceFinding.functions[0].transfers[0];

  await ask(
    'The function is transferred, then monitored',
    'A transferred function leaves the active registry and keeps its history.',
    LEAD,
    `mutation($t: ID!) { advanceTransfer(input: { transferId: $t, status: TRANSFERRED, on: "2027-01-01", recipient: "частные организаторы олимпиад (по конкурсу)" })
       { status transferredOn recipient function { code status } } }`,
    { t: planned.id },
  );
  await ask(
    'Monitoring after the transfer',
    '',
    REVIEWER,
    `mutation($t: ID!) { recordTransferObservation(input: { transferId: $t, observedOn: "2027-06-30", indicator: "число проведённых олимпиад", value: 46 })
       { status observations { observedOn indicator value observedBy } events { fromStatus toStatus actor } } }`,
    { t: planned.id },
  );

  return steps;
}

/** The steps as Markdown: each request and the answer it got. */
export function toMarkdown(steps: Step[]): string {
  return steps
    .map((s, i) => {
      const vars = Object.keys(s.variables).length
        ? `\n\nVariables:\n\n\`\`\`json\n${JSON.stringify(s.variables, null, 2)}\n\`\`\``
        : '';
      return `### ${i + 1}. ${s.title}\n\n${s.text ? `${s.text}\n\n` : ''}As \`${s.actor.label}\` (${s.actor.roles.join(', ')}):\n\n\`\`\`graphql\n${s.query.replace(/\n {7}/g, '\n  ')}\n\`\`\`${vars}\n\nAnswer:\n\n\`\`\`json\n${JSON.stringify(s.answer, null, 2)}\n\`\`\`\n`;
    })
    .join('\n');
}

// From the command line: run the example against a live API and print it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const base = process.argv[2] ?? 'http://localhost:3000';
  // Tokens are issued with the local key the API trusts (DATA_DIR's generated key or AUTH_LOCAL_SECRET).
  const tokens = new TokenService(loadConfig());
  const post: Post = async (query, variables, actor) => {
    const token = await tokens.issue({ subject: actor.name, roles: actor.roles, expiresInS: 600 });
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlAnswer;
  };
  runCampaignExample(post)
    .then((steps) => process.stdout.write(toMarkdown(steps)))
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
      process.exitCode = 1;
    });
}
