// How the search page compares words, for crisis.js (does a search sound like a crisis?) and suggest.js (did
// the visitor mean another word?): in their plain form, and by how many letters they differ.

/** Return a text's words in their plain form: lower case, without accents (ñ is n) or apostrophes ("don't" is
"dont"), split wherever something other than a letter or a digit is. */
export function plainWords(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['\u2019]/g, "")
    .split(/[^a-z0-9]+/).filter(Boolean);
}

/** Return the edit distance of two words (insertions, deletions, changes, swaps of neighbours), or more than
most once it is sure to be. */
export function distance(a, b, most) {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + change);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], before[j - 2] + 1);
      }
    }
    if (Math.min(...row) > most) return most + 1;
    [before, previous] = [previous, row];
  }
  return previous[b.length];
}
