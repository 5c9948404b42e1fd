// Shows how the review compares two statements of an interchange file: the tokens, their weights
// and the scores. For maintainers tuning the engine on labelled pairs.
//   node dist/scripts/review/explain.js FUNCTIONS.jsonl EXTERNAL_ID_A EXTERNAL_ID_B
import { DEFAULT_SCORING, readInterchange, scopeVeto, scoreScope } from '#review';
import { buildCorpus, sharedWeight } from '../../libs/review/src/engine/corpus.js';

const [file, ...ids] = process.argv.slice(2);
const functions = readInterchange(file);
const c = buildCorpus(functions);
let meanIdf = 0;
let count = 0;
for (const n of c.nodes)
  for (const t of n.tokens) {
    meanIdf += c.idf[t];
    count++;
  }
meanIdf /= count;
for (let k = 0; k + 1 < ids.length; k += 2) {
  const [ia, ib] = [ids[k], ids[k + 1]].map((id) => functions.findIndex((f) => f.externalId === id));
  const a = c.nodes[c.nodeOf[ia]];
  const b = c.nodes[c.nodeOf[ib]];
  const show = (n: typeof a) => [...n.tokens].map((t) => `${c.vocabulary[t]}:${c.idf[t].toFixed(1)}`).join(' ');
  const s = sharedWeight(a.tokens, b.tokens, c.idf);
  console.log(`${ids[k]} | ${ids[k + 1]}  meanIdf ${meanIdf.toFixed(2)}`);
  console.log(
    `  A (${a.weight.toFixed(1)}): ${show(a)}  excl: ${[...a.excluded].map((t) => c.vocabulary[t]).join(',')} dom: ${[...a.domain].map((t) => c.vocabulary[t]).join(',')}`,
  );
  console.log(
    `  B (${b.weight.toFixed(1)}): ${show(b)}  excl: ${[...b.excluded].map((t) => c.vocabulary[t]).join(',')} dom: ${[...b.domain].map((t) => c.vocabulary[t]).join(',')}`,
  );
  const sim = s / (a.weight + b.weight - s);
  console.log(
    `  shared ${s.toFixed(1)} (${(s / meanIdf).toFixed(1)} mean words) sim ${sim.toFixed(2)} cA ${(s / a.weight).toFixed(2)} cB ${(s / b.weight).toFixed(2)}`,
  );
  const scope = (n: typeof a) =>
    `${n.scope.actionClass} action [${n.scope.action.join(', ')}] object ${n.scope.container ? `${n.scope.container} → ` : ''}${n.scope.objectHead ?? '-'} (${n.scope.objectWords.join(' ')}) area (${n.scope.sphereWords.join(' ')}) qualifiers ${JSON.stringify(n.scope.qualifiers)}${n.scope.generic ? ' GENERIC' : ''}`;
  console.log(`  scope A: ${scope(a)}\n  scope B: ${scope(b)}`);
  const veto = scopeVeto(c, a, b, sim, DEFAULT_SCORING);
  const wide = scoreScope(c, a, b, DEFAULT_SCORING) ?? scoreScope(c, b, a, DEFAULT_SCORING);
  console.log(
    `  scope rules: ${veto ? `${veto.code}: ${veto.text}` : 'no veto'}${wide ? `; ${wide.reasons[0].text}` : ''}`,
  );
}
