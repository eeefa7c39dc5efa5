// Does a search sound like someone may not be safe? Each language's phrases, and how that language's words are
// read (its grammar: little words, endings, verb forms, pronouns), come from content/search.yaml; the search page
// carries every language's, since people type in the language they think in. A phrase matches when the search
// holds each of its words, in any order, among other words: in another of its forms ("killing" for "kill",
// "mato" for "matar"), with a letter or two mistyped in a long word, or split in two ("my self"). Nothing here
// leaves the browser. The rules are written out in CONTRIBUTING.md ("Words people search for").

import { distance, plainWords } from "./words.js";

/** Return a language's grammar with its words in their plain form, and its lists as sets. */
function prepared(grammar = {}) {
  const plain = (list = []) => list.map((word) => plainWords(word).join(""));
  const pronouns = grammar.pronouns || {};
  return {
    ignore: new Set(plain(grammar.ignore)),
    endings: plain(grammar.endings),
    changes: Object.entries(grammar.changes || {}).map(([from, to]) => [plainWords(from).join(""), plain(to)]),
    doubled: plain(grammar.doubled),
    forms: new Map(Object.entries(grammar.forms || {}).map(([word, forms]) => [plainWords(word).join(""),
      new Set(plain(forms))])),
    alike: (grammar.alike || []).map((group) => new Set(plain(group))),
    pronouns: new Set(plain(pronouns.words)),
    joinedTo: plain(pronouns.joined_to),
    through: plain(pronouns.through),
  };
}

/** Return the words of a text as matching compares them, each as {word, pronoun}: in their plain form, without
the little words the grammar ignores; pronoun is true where one of the grammar's pronouns belongs to the word,
joined to it ("matarme") or before it ("me mato"), also across the verbs it may come before ("me voy a matar",
"me quiero matar"). The pronoun itself is not a word of its own. */
function words(text, rules) {
  const found = [];
  for (const word of plainWords(text)) {
    const pronoun = [...rules.pronouns].find((p) => word.length > p.length + 2 && word.endsWith(p)
      && rules.joinedTo.some((end) => word.slice(0, -p.length).endsWith(end)));
    if (pronoun) found.push({ word: word.slice(0, -pronoun.length), pronoun: true });
    else if (!rules.ignore.has(word)) found.push({ word, pronoun: false });
  }
  let before = false; // a pronoun waits for the verb it belongs to
  const read = [];
  for (const each of found) {
    if (rules.pronouns.has(each.word)) {
      before = true;
      continue;
    }
    read.push({ word: each.word, pronoun: each.pronoun || before });
    before = before && rules.through.some((verb) => same(each.word, verb, rules));
  }
  return read;
}

/** Return true if a typed word is a phrase's word, the same or in another of its forms.

Only endings are added to the phrase's word, never taken away: "rap" is not "rape". */
function same(typed, wanted, rules) {
  if (typed === wanted || rules.alike.some((group) => group.has(typed) && group.has(wanted))) return true;
  if (rules.forms.get(wanted)?.has(typed)) return true;
  const rest = (stem) => (typed.length > stem.length && typed.startsWith(stem) ? typed.slice(stem.length) : null);
  if (rules.endings.includes(rest(wanted))) return true; // kill-s, vida-s
  for (const [from, to] of rules.changes) { // overdos-ing, mat-ando: the stem left has two letters at least
    const stem = wanted.slice(0, -from.length);
    if (wanted.endsWith(from) && stem.length >= 2 && to.includes(rest(stem))) return true;
  }
  return !"aeiouy".includes(wanted.at(-1)) && rules.doubled.includes(rest(wanted + wanted.at(-1))); // cutt-ing
}

/** Return true if a typed word is a phrase's word with a letter or two mistyped: one from 6 letters, two from 8.
Shorter words have too many neighbours: "die" and "dye", "pills" and "bills". */
function mistyped(typed, wanted) {
  const shortest = Math.min(typed.length, wanted.length);
  const most = shortest >= 8 ? 2 : shortest >= 6 ? 1 : 0;
  return most > 0 && distance(typed, wanted, most) <= most;
}

/** Return a test that is true for a search holding every word of one of the phrases of any language, read by
that language's grammar: languages is [{phrases: [...], grammar: {...}}], as content/search.yaml has them. */
export function crisisTest(languages) {
  const known = languages.map(({ phrases, grammar }) => {
    const rules = prepared(grammar);
    return { rules, phrases: phrases.map((phrase) => words(phrase, rules)).filter((phrase) => phrase.length) };
  });
  return (query) => known.some(({ rules, phrases }) => {
    const typed = words(query, rules);
    // Two words typed apart may be one of the phrase's, as they are ("my self", "auto lesion"), never mistyped.
    const joined = typed.slice(1).map((each, i) => ({ word: typed[i].word + each.word, pronoun: false, exact: true }));
    const all = [...typed, ...joined];
    return phrases.some((phrase) => phrase.every((want) => all.some((each) => (each.pronoun || !want.pronoun)
      && (same(each.word, want.word, rules) || (!each.exact && mistyped(each.word, want.word))))));
  });
}
