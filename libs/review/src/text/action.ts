import { OBJECT_FILLERS, RULE_OBJECTS, RULE_VERBS } from './lexicon.js';

/** Third-person present verbs open the clauses of a function statement («организует ..., выдает ...»). */
const VERB = /^[\p{L}-]+(ет|ит|ют|ят|ает|яет|ует|ует|ывает|ивает)$/u;

export interface ActionProfile {
  /** Some clause makes rules (develops or approves rules, standards, methods...). */
  ruleMaking: boolean;
  /** Some clause does something else (organises, issues, controls, finances...). */
  execution: boolean;
}

/**
 * Splits a statement into its clauses by their verbs and tells whether it makes rules, executes,
 * or both. «разрабатывает и утверждает правила выдачи разрешений» makes rules; «выдает разрешения»
 * executes them. These are different functions even when their words are alike.
 */
export function actionProfile(folded: string): ActionProfile {
  const words = folded.match(/[\p{L}\p{N}-]+|[,;:]/gu) ?? [];
  let ruleMaking = false;
  let execution = false;
  for (let i = 0; i < words.length; i++) {
    const opensClause = i === 0 || /^(,|;|:|и)$/.test(words[i - 1]);
    if (!opensClause || !VERB.test(words[i])) continue;
    // A chain of verbs («разрабатывает и утверждает») shares one object.
    let j = i;
    const verbs = [words[i]];
    while (j + 2 < words.length && /^(и|,)$/.test(words[j + 1]) && VERB.test(words[j + 2])) {
      verbs.push(words[j + 2]);
      j += 2;
    }
    let k = j + 1;
    while (k < words.length && OBJECT_FILLERS.test(words[k])) k++;
    const object = words[k] ?? '';
    if (verbs.some((v) => RULE_VERBS.test(v)) && RULE_OBJECTS.test(object)) ruleMaking = true;
    else execution = true;
    i = j;
  }
  if (!ruleMaking && !execution) execution = true;
  return { ruleMaking, execution };
}

/** One statement only makes rules and the other only executes: rule-making vs execution. */
export function ruleMakingVersusExecution(a: ActionProfile, b: ActionProfile): boolean {
  return (
    (a.ruleMaking && !a.execution && b.execution && !b.ruleMaking) ||
    (b.ruleMaking && !b.execution && a.execution && !a.ruleMaking)
  );
}

/**
 * The clauses of a statement: its verb-led parts («организует ..., выдает ...»), its items after
 * «а также» or a semicolon, and the items of a list of rules («правила ..., правила ...»).
 */
export function clausesOf(folded: string): string[] {
  const words = folded.match(/[\p{L}\p{N}-]+|[,;:]/gu) ?? [];
  const clauses: string[][] = [[]];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const prev = words[i - 1];
    const startsClause =
      i > 0 && (prev === ',' || prev === ';' || prev === ':') && (VERB.test(w) || RULE_OBJECTS.test(w) || w === 'а');
    if (w === ';' || startsClause) clauses.push([]);
    if (w !== ',' && w !== ';' && w !== ':' && !(startsClause && w === 'а')) clauses[clauses.length - 1].push(w);
  }
  return clauses.map((c) => c.join(' ').replace(/^также /, '')).filter((c) => c.split(' ').length >= 2);
}

/**
 * The head of a statement: its first action and object, up to the first comma after them
 * («создает, реорганизует и ликвидирует государственные организации образования»). What follows
 * narrows the function (whose organisations, which documents); two statements with one head
 * share a function even when they narrow it differently.
 */
export function headOf(folded: string): string | undefined {
  const words = folded.match(/[\p{L}\p{N}-]+|[,;:]/gu) ?? [];
  const head: string[] = [];
  let content = 0;
  for (const w of words) {
    if (w === ';' || w === ':') break;
    if (w === ',') {
      if (content >= 3) break;
      continue;
    }
    head.push(w);
    if (w.length >= 3) content++;
  }
  return content >= 3 ? head.join(' ') : undefined;
}
