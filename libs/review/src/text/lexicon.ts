/**
 * Word lists of Russian legal and administrative text. They describe the language of function
 * statements in general (not any one law): function words, stock phrases that every competence
 * article repeats, and the verbs that mark a function's type.
 */

/** Function words and pronouns that carry no meaning for matching. */
export const RU_STOPWORDS = new Set(
  `а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его ее ей ему если есть
  еще же за здесь и из или им их к как ко когда кто ли либо между меня мне может мы на над надо наш не него нее нет ни них
  но ну о об однако он она они оно от очень по под после при про с со так также такой там те тем то того тоже той только
  том ты у уже хотя чего чей чем что чтобы чье чья эта эти это этого этой этом я свой своей своего своих своим своими свои
  своё своя свою иной иные иных иными иного данный данных который которая которое которые которых которым путем числе
  целях соответствующих соответствующего соответствующие ее их ним нему ней нём неё`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Stock adverbial phrases of competence articles, removed before matching so that they never drive
 * a match (with the commas that set them off). Order matters: longer phrases first.
 */
export const RU_BOILERPLATE: RegExp[] = [
  /в порядке,? установленном законодательством( республики казахстан)?/g,
  /в установленном законодательством( республики казахстан)? порядке/g,
  /в установленном порядке/g,
  /в соответствии с законодательством( республики казахстан)?/g,
  /в соответствии с настоящим (законом|кодексом)/g,
  /в пределах (своей )?компетенции/g,
  /если иное не (предусмотрено|установлено) (законами|законодательством)( республики казахстан)?/g,
  /предусмотренн\S* (настоящим (законом|кодексом)|законодательством( республики казахстан)?)/g,
  /законодательством республики казахстан/g,
];

/** Stock words inside a clause (a name's tail, conjunctions): removed without the commas around them. */
export const RU_STOCK_WORDS: RegExp[] = [/республики казахстан/g, /и \(или\)/g, /а также/g, /в том числе/g];

/**
 * Catch-all clauses («осуществляет иные полномочия, возлагаемые ... законодательством») name no
 * function of their own; they are left out of the review.
 */
export const RU_CATCH_ALL = /(^|\s)ин(ые|ых) (полномочи|функци)/;

/** «за исключением ...»: what follows is outside the function's scope. */
export const RU_EXCLUSION = /за исключением ([^,;:.()]*)/g;

/**
 * Words that mean the same in competence statements, folded to one word family before stemming
 * (matched at the start of a word; the value is the family key itself).
 */
export const RU_SYNONYMS: [RegExp, string][] = [
  [/^(правил|порядк|порядок)/, 'правил'],
  [/^(устанавлива|установлива|утвержда|утвержден)/, 'утверж'],
  // Verb and noun whose stems differ by an alternation («проводит» / «проведение»).
  [/^(провод|провед)/, 'провод'],
  [/^(выда|выдач)/, 'выда'],
  [/^(ведет|ведут|ведени)/, 'ведет'],
  [/^(внос|внесен|внесет)/, 'внос'],
  [/^(принима|приняти|принят)/, 'приним'],
  [/^(оказыва|оказани|оказыв)/, 'оказыв'],
  [/^(рассматрива|рассмотр)/, 'рассмо'],
];

/** Verbs of rule-making (by the start of the word). */
export const RULE_VERBS =
  /^(разрабатыва|разработ|утвержда|утвержден|устанавлива|установлен|определя|определени|издает|издани|принимает|приняти|вносит изменени)/;

/** Objects that make such a verb rule-making: rules, standards, methods, lists, forms. */
export const RULE_OBJECTS =
  /^(правил|порядк|порядок|стандарт|норматив|норм$|нормы|методик|методолог|классификатор|положени|инструкци|требовани|перечен|перечн|форм$|формы|типов|критери|регламент|квалификационн|нормативн|технически[ех] регламент)/;

/** Words that are never the head of a clause's object (adjectives of procedure, conjunctions). */
export const OBJECT_FILLERS =
  /^(и|или|а|также|совместно|по|с|согласованию|представлению|пределах|своей|компетенции|обязательные|типовые|единые|общие)$/;
