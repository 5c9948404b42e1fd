import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfigError,
  DomainError,
  Role,
  runAs,
  TokenService,
  FieldProblem,
  fromDatabaseError,
  loadConfig,
  RegistryDataSource,
  runMigrations,
  writeProblemReport,
} from '#core';
import {
  ExportService,
  ImportError,
  ImportLegalTextInput,
  ImportService,
  LegalTextService,
  SeedService,
} from '#registry';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { readFileSync } from 'node:fs';
import {
  findingReasons,
  standsForSeveral,
  FoundPair,
  LineWriter,
  Reason,
  ReviewFunction,
  ReviewEngine,
  reviewHere,
  reviewInWorker,
  ReviewPair,
  ReviewModelService,
  ReviewRunService,
} from '#review';
import { BULK_KINDS, BudgetBulkService } from '#budget';
import type { BulkKind } from '#budget';
import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { CliModule } from './cli.module.js';

const say = (message: string) => process.stderr.write(`${message}\n`);

/** A refused input named by the command's options (`--level …`) rather than by the service's fields. */
function inOptionTerms(err: unknown, options: Record<string, string>): unknown {
  if (!(err instanceof DomainError) || !Array.isArray(err.extensions.fields)) return err;
  const problems = err.extensions.fields as FieldProblem[];
  return new Error(problems.map((p) => `${options[p.field] ?? p.field} ${p.messages.join('; ')}`).join('\n'));
}

const PROBLEMS_OPTION = [
  '--problems <file>',
  'when the file is refused, write every problem to FILE (.csv, or .jsonl for JSON Lines); the message lists the first 50',
] as const;

/** Runs an import; a refusal also goes, whole, to the `--problems` file when one is named. */
async function reportingProblems<T>(problemsFile: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (problemsFile && err instanceof ImportError) {
      await writeProblemReport(problemsFile, err.problems);
      say(`all ${err.problems.length} problems written to ${problemsFile}`);
    }
    throw err;
  }
}

/** Opens the registry, applies pending migrations, runs `work`, and always closes the database. */
async function withRegistry(work: (app: INestApplicationContext) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const ds = app.get<DataSource, RegistryDataSource>(DataSource);
    say(
      ds.mode === 'embedded'
        ? `database: embedded PostgreSQL in ${ds.embedded?.location}`
        : 'database: PostgreSQL server (DATABASE_URL)',
    );
    if (config.database.migrationsRun) {
      const applied = await runMigrations(ds);
      if (applied.length) say(`applied migrations: ${applied.join(', ')}`);
    }
    // Changes made from the command line are recorded as the operating system's user's.
    const user = `cli:${userInfo().username}`;
    await runAs(
      { subject: user, name: user, roles: [Role.ADMIN], agencies: [], sectors: [], anonymous: false },
      randomUUID(),
      () => work(app),
    );
  } finally {
    await app.close();
  }
}

const ROLES = Object.values(Role) as string[];
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

/** `30m`, `8h`, `7d` as seconds; at most 366 days. */
function lifetime(value: string): number {
  const m = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('a number and a unit: 30m, 8h or 7d');
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  if (seconds < 60 || seconds > 366 * 86400) throw new InvalidArgumentError('between 1 minute and 366 days');
  return seconds;
}

const program = new Command()
  .name('registry')
  .description('Command line of the electronic registry of state functions')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() =>
    withRegistry(() => {
      say('schema is up to date');
      return Promise.resolve();
    }),
  );

program
  .command('seed')
  .description('load the reference data (territories, central state bodies, budget classifications)')
  .option('--demo', 'also load the demo registry into an empty registry')
  .action((opts: { demo?: boolean }) =>
    withRegistry(async (app) => {
      const seeds = app.get(SeedService);
      const ref = await seeds.seedReference();
      say(
        `reference data: ${ref.territories} territories, ${ref.agencies} central bodies, ${ref.classificationCodes} classification codes`,
      );
      if (opts.demo) {
        const demo = await seeds.seedDemo();
        if (demo) say(`demo registry: ${demo.functionsInserted} functions`);
      }
    }),
  );

program
  .command('import')
  .argument(
    '<file>',
    'functions as JSON Lines (.jsonl, .ndjson, .json), XLSX (.xlsx) or CSV (.csv): the extension picks the format',
  )
  .description(
    'import functions, all or nothing, with every problem named by line (or row and cell); re-importing updates by externalId and agency code',
  )
  .option(...PROBLEMS_OPTION)
  .action((file: string, opts: { problems?: string }) =>
    withRegistry(async (app) => {
      if (!existsSync(file)) throw new Error(`no such file: ${file}`);
      const s = await reportingProblems(opts.problems, () => app.get(ImportService).importFile(file, say));
      say(
        `imported ${s.lines} functions in ${s.seconds.toFixed(1)} s (${Math.round(s.lines / Math.max(s.seconds, 0.001))}/s): ` +
          `${s.functionsInserted} new, ${s.functionsUpdated} updated, ${s.functionsUnchanged} unchanged; ` +
          `agencies ${s.agenciesInserted} new, ${s.agenciesUpdated} updated; legal acts ${s.legalActsInserted} new; legal bases ${s.legalBases}`,
      );
    }),
  );

program
  .command('export')
  .argument(
    '<file>',
    'where to write: .jsonl (.ndjson, .json) for JSON Lines, .xlsx for a workbook with a README sheet, .csv for UTF-8 CSV',
  )
  .option('--include-archived', 'also export archived functions')
  .description('export the registry in the interchange format, as JSON Lines, XLSX or CSV by the extension')
  .action((file: string, opts: { includeArchived?: boolean }) =>
    withRegistry(async (app) => {
      const { functions } = await app
        .get(ExportService)
        .exportFile(file, { includeArchived: opts.includeArchived }, say);
      say(`exported ${functions} functions to ${file}`);
    }),
  );

program
  .command('token')
  .description('issue a bearer token signed with the local key (AUTH_LOCAL_SECRET, or the key kept in DATA_DIR)')
  .requiredOption('--role <role>', `a role, repeatable or comma-separated: ${ROLES.join(', ')}`, collect)
  .option('--subject <id>', 'who the token names, recorded as the actor of every change (default: local-<role>)')
  .option('--name <name>', 'a display name (defaults to the subject)')
  .option('--agency <code>', 'limit writes to this agency and its subordinates; repeatable', collect)
  .option('--sector <sector>', 'limit writes to this sector; repeatable', collect)
  .option('--expires <lifetime>', 'how long the token is valid: 30m, 8h, 7d', lifetime, 8 * 3600)
  .action(
    async (opts: {
      role: string[];
      subject?: string;
      name?: string;
      agency?: string[];
      sector?: string[];
      expires: number;
    }) => {
      const unknown = opts.role.filter((r) => !ROLES.includes(r.toUpperCase()));
      if (unknown.length)
        throw new InvalidArgumentError(`unknown role ${unknown.join(', ')}; roles: ${ROLES.join(', ')}`);
      const token = await new TokenService(loadConfig()).issue({
        subject: opts.subject ?? `local-${opts.role.join('-').toLowerCase()}`,
        name: opts.name,
        roles: opts.role.map((r) => r.toUpperCase() as Role),
        agencies: opts.agency,
        sectors: opts.sector,
        expiresInS: opts.expires,
      });
      process.stdout.write(`${token}\n`);
      say(`valid for ${Math.round(opts.expires / 60)} minutes; send it as the header  Authorization: Bearer <token>`);
    },
  );

const review = program.command('review').description('the review engine: duplicate and overlapping functions');

review
  .command('run')
  .description('run a full review, store its pairs and clusters, and print its statistics')
  .option(
    '--out <file>',
    'also write the pairs as JSON Lines: {"a", "b", "band", "axis", "score", "reasons", "alsoReplicated"}',
  )
  .option(
    '--every-instance',
    'with --out, write each instance of a finding that stands for several pairs of functions as a line of its own (alsoReplicated 0)',
  )
  .option('--sector <sector>', 'only functions of this sector (repeatable)', collect)
  .option('--agency <code>', 'only functions of this agency and its subordinates (repeatable)', collect)
  .option('--level <level>', 'only holders at this level: CENTRAL, REGIONAL, DISTRICT, RURAL (repeatable)', collect)
  .option(
    '--learned-model',
    "let the model trained on reviewers' decisions (review train) decide which pairs are reported",
  )
  .action(
    (opts: {
      out?: string;
      everyInstance?: boolean;
      sector?: string[];
      agency?: string[];
      level?: string[];
      learnedModel?: boolean;
    }) =>
      withRegistry(async (app) => {
        if (opts.everyInstance && !opts.out)
          throw new Error('--every-instance says how to write --out FILE; give --out too');
        const runs = app.get(ReviewRunService);
        const run = await runs
          .start(
            { sectors: opts.sector, agencyCodes: opts.agency, levels: opts.level },
            opts.learnedModel ? {} : { model: null },
            'cli',
          )
          .catch((err: unknown) => {
            throw inOptionTerms(err, { levels: '--level', agencyCodes: '--agency', sectors: '--sector' });
          });
        // With --out, each finding is written as the engine finds it.
        const out = opts.out ? new LineWriter(opts.out) : undefined;
        const line = (a: ReviewFunction, b: ReviewFunction, p: ReviewPair, reasons: Reason[], also: number) =>
          out!.write(
            JSON.stringify({
              a: a.externalId,
              b: b.externalId,
              band: p.band,
              axis: p.axis,
              score: p.score,
              reasons,
              alsoReplicated: also,
            }),
          );
        // A pair of statements writes its reasons out when read, and its findings come one after
        // another: read them once for all its findings and instances.
        let current: { statement: object; reasons: Reason[] } | null = null;
        const write = (p: ReviewPair) => {
          if (current?.statement !== p.statement) current = { statement: p.statement, reasons: p.statementReasons };
          const reasons = current.reasons;
          if (opts.everyInstance && p instanceof FoundPair)
            p.forEachPair((a, b) => line(a, b, p, findingReasons(reasons, a, b, p.axis, 0), 0));
          else {
            const several = p instanceof FoundPair && standsForSeveral(p.a.holder, p.b.holder, p.groupA, p.groupB);
            line(
              p.a,
              p.b,
              p,
              findingReasons(reasons, p.a, p.b, p.axis, p.alsoReplicatedBy, several),
              p.alsoReplicatedBy,
            );
          }
        };
        // Findings written to --out are written here as they come; otherwise the engine works in a
        // thread of its own while this one stores what it has found so far.
        const engine: ReviewEngine = out ? reviewHere(write) : reviewInWorker;
        // The reasons written to --out name shared legal bases.
        if (out) engine.withLegalBasis = true;
        const finished = await runs.execute(run, say, engine);
        out?.close();
        if (!finished) throw new Error(`review ${run.id} failed: ${(await runs.get(run.id)).error}`);
        const { stats, timings } = finished.run;
        say(`run ${run.id}: ${JSON.stringify(stats)}`);
        say(`timings (ms): ${JSON.stringify(timings)}`);
        // Operators size the machine for national runs by this figure.
        say(`peak memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
        if (out)
          say(
            `wrote ${out.count} ${opts.everyInstance ? 'pairs of functions (every instance of each finding)' : 'findings'} to ${opts.out}`,
          );
      }),
  );

review
  .command('delete <runId>')
  .description('delete a finished review run with its findings, clusters and control piles')
  .action((runId: string) =>
    withRegistry(async (app) => {
      await app.get(ReviewRunService).remove(runId);
      say(`deleted review run ${runId}`);
    }),
  );

review
  .command('prune')
  .description(
    'delete failed and older successful review runs (a national run takes about 1.2 GB); the latest review of the whole registry always stays',
  )
  .requiredOption('--keep <n>', 'how many of the most recent successful runs to keep', (v) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a whole number of runs is expected.');
    return Number(v);
  })
  .action((opts: { keep: number }) =>
    withRegistry(async (app) => {
      const deleted = await app.get(ReviewRunService).prune(opts.keep);
      say(deleted.length ? `deleted ${deleted.length} review runs: ${deleted.join(', ')}` : 'no review runs to delete');
    }),
  );

review
  .command('train')
  .description(
    "train the review's model on reviewers' current decisions (confirmed and dismissed pairs); later runs use it",
  )
  .action(() =>
    withRegistry(async (app) => {
      const m = await app.get(ReviewModelService).train('cli', say);
      say(`model ${m.id}: learned from ${m.confirmed} confirmed and ${m.dismissed} dismissed pairs`);
      m.data.features.forEach((f, i) =>
        say(`  ${m.data.weights[i] >= 0 ? '+' : ''}${m.data.weights[i].toFixed(2)}  ${f}`),
      );
    }),
  );

program
  .command('legal-text <file>')
  .description(
    'draft functions from the text of a law or an agency regulation (UTF-8 text): one per numbered item of its competence or functions section',
  )
  .requiredOption('--holder <code>', 'the agency that holds the functions (its registry code)')
  .option('--act-code <code>', "the act's adilet.zan.kz id (Z070000319_)")
  .option('--act-title <title>', "the act's title, when the text does not start with it")
  .option('--sector <sector>', 'the sector of every draft')
  .option('--prefix <prefix>', 'a prefix of the external ids')
  .option('--item <key>', 'only this item («5-3.16», «6.2.*»); repeatable', collect)
  .option('--dry-run', 'only show what would be drafted')
  .action(
    (
      file: string,
      opts: {
        holder: string;
        actCode?: string;
        actTitle?: string;
        sector?: string;
        prefix?: string;
        item?: string[];
        dryRun?: boolean;
      },
    ) =>
      withRegistry(async (app) => {
        const text = readFileSync(file, 'utf8');
        const input = { text, actCode: opts.actCode, actTitle: opts.actTitle, externalIdPrefix: opts.prefix };
        const texts = app.get(LegalTextService);
        const errors = await validate(
          plainToInstance(ImportLegalTextInput, {
            ...input,
            holderCode: opts.holder,
            sector: opts.sector,
            onlyItems: opts.item,
          }),
        );
        if (errors.length) throw new Error(errors.map((e) => Object.values(e.constraints ?? {}).join('; ')).join('\n'));
        if (opts.dryRun) {
          const preview = texts.preview(input);
          const wanted = (key: string) =>
            !opts.item?.length || opts.item.some((i) => (i.endsWith('*') ? key.startsWith(i.slice(0, -1)) : key === i));
          preview.drafts = preview.drafts.filter((d) => wanted(d.key));
          for (const d of preview.drafts)
            say(`${d.key.padEnd(10)} ${d.flags.length ? `[${d.flags.join(', ')}] ` : ''}${d.title}`);
          for (const w of preview.warnings) say(`warning: line ${w.lineNumber}: ${w.message}`);
          say(`${preview.drafts.length} drafts; nothing written (--dry-run)`);
          return;
        }
        const s = await texts.import(
          { ...input, holderCode: opts.holder, sector: opts.sector, onlyItems: opts.item },
          'cli',
        );
        say(
          `act ${s.act.adiletCode ?? s.act.title}${s.actCreated ? ' (new)' : ''}: ${s.created.length} drafts created, ${s.alreadyPresent.length} already present, ${s.textChanged.length} changed in the registry since and left alone, ${s.skipped.length} skipped`,
        );
        for (const w of s.warnings) say(`warning: line ${w.lineNumber}: ${w.message}`);
      }),
  );

const budget = program
  .command('budget')
  .description('budget programmes with expenditure, budget links and headcount, in XLSX, CSV or JSON Lines');
const kindArg = (kind: string): BulkKind => {
  if (!BULK_KINDS.includes(kind as BulkKind))
    throw new Error(`the kind must be one of ${BULK_KINDS.join(', ')} (got ${kind})`);
  return kind as BulkKind;
};
budget
  .command('import <kind> <file>')
  .description(
    `import ${BULK_KINDS.join(', ')} from FILE (.xlsx, .csv, .jsonl): all or nothing, every problem with its row and cell`,
  )
  .option(...PROBLEMS_OPTION)
  .action((kind: string, file: string, opts: { problems?: string }) =>
    withRegistry(async (app) => {
      const s = await reportingProblems(opts.problems, () =>
        app.get(BudgetBulkService).importFile(kindArg(kind), file),
      );
      say(`imported ${s.rows} rows of ${s.kind}: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged`);
    }),
  );
budget
  .command('export <kind> <file>')
  .description(`export ${BULK_KINDS.join(', ')} to FILE (.xlsx, .csv, .jsonl)`)
  .action((kind: string, file: string) =>
    withRegistry(async (app) => {
      const n = await app.get(BudgetBulkService).exportFile(kindArg(kind), file);
      say(`wrote ${n} rows of ${kind} to ${file}`);
    }),
  );

/** sysexits' EX_TEMPFAIL: the database was busy or went away; the same command may simply be run again. */
const EXIT_RETRY = 75;

program.parseAsync(process.argv).catch((err: unknown) => {
  const text = err instanceof Error ? err.message : String(err);
  const fault = err instanceof DomainError ? err : fromDatabaseError(err);
  process.exitCode = fault?.extensions.retryable ? EXIT_RETRY : 1;
  if (err instanceof ImportError || err instanceof ConfigError) say(err.message);
  else if (fault && fault !== err) say(`error: ${fault.message} (${text})`);
  else say(`error: ${text}`);
});
