// Does a search sound like someone may not be safe? The phrases come from content/search.yaml.
// A phrase matches when the search holds each of its words, in any order, among other words:
// with an ending added ("killing", "kills" for "kill"; "overdosed" for "overdose") or, for longer
// words, a letter or two mistyped ("sucidal"). Nothing here leaves the browser.

// Small words that carry no meaning of their own: "want to die" is "want" and "die".
const LITTLE = new Set(["a", "an", "the", "to", "of", "i", "im", "am", "is", "are", "be", "just", "really", "so",
  "very", "feel", "like"]);
// What an ending may add to a word: kill-s, kill-ed, kill-ing, overdose-d, hurt-ing.
const ENDINGS = ["s", "es", "d", "ed", "ing", "ings", "er", "ers"];

/** Return the words of a text as matching compares them: lower case, no accents or apostrophes. */
export function words(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['\u2019]/g, "")
    .split(/[^a-z0-9]+/).filter((word) => word && !LITTLE.has(word));
}

/** Return true if a typed word is the phrase's word, maybe with an ending or mistyped.

Only endings are added to the phrase's word, never taken away: "rap" is not "rape". */
export function same(typed, wanted) {
  if (typed === wanted) return true;
  const stems = [wanted];
  if (wanted.endsWith("e")) stems.push(wanted.slice(0, -1)); // abus-ing, overdos-ing
  if (!"aeiouy".includes(wanted.at(-1))) stems.push(wanted + wanted.at(-1)); // cutt-ing, stopp-ed
  if (stems.some((stem) => typed.startsWith(stem) && ENDINGS.includes(typed.slice(stem.length)))) return true;
  const shortest = Math.min(typed.length, wanted.length);
  if (shortest < 5) return false; // short words have too many neighbours: "die" and "dye", "hurt" and "hunt"
  const most = shortest >= 8 ? 2 : 1;
  return distance(typed, wanted, most) <= most;
}

/** Return the edit distance (insertions, deletions, changes, swaps of neighbours), or more than most. */
function distance(a, b, most) {
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
    [before, previous] = [previous, row];
  }
  return previous[b.length];
}

/** Return a test that is true for a search that holds every word of one of the phrases. */
export function crisisTest(phrases) {
  const wanted = phrases.map(words).filter((phrase) => phrase.length);
  return (query) => {
    const typed = words(query);
    return wanted.some((phrase) => phrase.every((word) => typed.some((each) => same(each, word))));
  };
}
