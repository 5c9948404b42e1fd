// Quality of the type and supporting / public-facing suggestions on labelled sets: coverage (share
// suggested confidently), accuracy on the confident ones (target >= 0.85), accuracy on all, and
// confusion matrices.
//   node dist/scripts/assessment/classification-quality.js                 (every labelled set in test/fixtures)
//   node dist/scripts/assessment/classification-quality.js --file X.jsonl  (any interchange file with `type` labels)
//   add --supporting LABELS.jsonl to score supporting labels of your own; VERBOSE=1 lists the misses.
// The classifier is imported on its own, without the assessment module's NestJS services.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  evaluateSupporting,
  evaluateTypes,
  formatConfusion,
  readLabelledFunctions,
  readSupportingLabels,
  SupportingLabel,
  TYPE_CONFIDENCE_THRESHOLD,
  SUPPORTING_CONFIDENCE_THRESHOLD,
} from '../../libs/assessment/src/classify/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const sets: [string, string][] = [];
const file = option('--file');
if (file) {
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`);
    process.exit(1);
  }
  sets.push([basename(file), file]);
} else {
  sets.push(['dev (Law on Education)', join(fixtures, 'dev-functions.jsonl')]);
  sets.push(['health (held out)', join(fixtures, 'quality', 'health-functions.jsonl')]);
  sets.push(['localgov (held out)', join(fixtures, 'quality', 'localgov-functions.jsonl')]);
  // Labelled by someone who had not seen the rules: the fairest figure of the lot.
  sets.push(['water code (blind)', join(fixtures, 'quality-blind', 'water-functions.jsonl')]);
  sets.push(['forest code (blind)', join(fixtures, 'quality-blind', 'forest-functions.jsonl')]);
}
const labelFiles = option('--supporting')
  ? [option('--supporting')!]
  : [
      join(fixtures, 'assessment', 'supporting-labels.jsonl'),
      join(fixtures, 'quality-blind', 'supporting-labels.jsonl'),
    ];
const labels: SupportingLabel[] = labelFiles.filter((f) => existsSync(f)).flatMap((f) => readSupportingLabels(f));
const verbose = process.env.VERBOSE === '1';
const f3 = (x: number) => x.toFixed(3);

console.log(
  `type: confident at confidence >= ${TYPE_CONFIDENCE_THRESHOLD}; supporting: confident at >= ${SUPPORTING_CONFIDENCE_THRESHOLD}`,
);
for (const [name, path] of sets) {
  if (!existsSync(path)) {
    console.log(`${name}: missing (${path})`);
    continue;
  }
  const functions = readLabelledFunctions(path);
  const t = evaluateTypes(functions);
  console.log(`\n== ${name}`);
  console.log(
    `type: ${t.labelled} labelled functions | coverage ${f3(t.coverage)} (${t.confident} confident) | ` +
      `accuracy on confident ${f3(t.confidentAccuracy)} (target >= 0.85) | accuracy on all ${f3(t.accuracy)} | ` +
      `labelled without type ${t.labelledNone}, of them left without a confident type ${t.noneRespected}`,
  );
  console.log('confusion, all suggestions:');
  for (const l of formatConfusion(t.confusion)) console.log(`  ${l}`);
  console.log('confusion, confident suggestions:');
  for (const l of formatConfusion(t.confidentConfusion)) console.log(`  ${l}`);
  if (verbose) {
    for (const e of t.errors) {
      console.log(
        `  ${e.confident ? 'CONFIDENT ' : ''}miss ${e.externalId}: label ${e.label}, suggested ${e.suggested} ${e.confidence} | ${e.reason}`,
      );
    }
  }

  const s = evaluateSupporting(functions, labels);
  if (s.labelled === 0) {
    console.log('supporting: no labels for this set');
    continue;
  }
  console.log(
    `supporting: ${s.labelled} labelled (${s.labelledSupporting} supporting) | coverage ${f3(s.coverage)} | ` +
      `accuracy on confident ${f3(s.confidentAccuracy)} | accuracy on all ${f3(s.accuracy)} | ` +
      `supporting found: precision ${f3(s.supportingPrecision)}, recall ${f3(s.supportingRecall)}`,
  );
  for (const l of formatConfusion(s.confusion)) console.log(`  ${l}`);
  if (verbose) {
    for (const e of s.errors) {
      console.log(
        `  ${e.confident ? 'CONFIDENT ' : ''}miss ${e.externalId}: label ${e.label}, suggested ${e.suggested} ${e.confidence} | ${e.reason}`,
      );
    }
  }
}
