// "Did you mean ...?": for the words of a search that the index does not hold, the nearest words of the site's own
// vocabulary (search/vocabulary.txt, written by the build from the words its index holds, most used first). It is
// loaded the first time a search needs it, from the site itself, and the suggestion is worked out here: what
// was searched never leaves the device.

import { distance, plainWords } from "./words.js";

let vocabulary = null; // a promise of Map(plain form -> the word as written), the most used first

/** Return the vocabulary at an address, each word once by its plain form (the most used way it is written). */
function load(address) {
  vocabulary = vocabulary || fetch(address).then((response) => {
    if (!response.ok) throw new Error(`vocabulary: ${response.status}`);
    return response.text();
  }).then((text) => {
    const words = new Map();
    for (const word of text.split("\n")) {
      const plain = plainWords(word).join("");
      if (plain && !words.has(plain)) words.set(plain, word);
    }
    return words;
  }).catch((error) => {
    vocabulary = null; // try again next time, for example once the connection is back
    throw error;
  });
  return vocabulary;
}

/** Return how many letters a word this long may have mistyped: one from 4 letters, two from 7. */
function mistakesAllowed(length) {
  return length >= 7 ? 2 : length >= 4 ? 1 : 0;
}

/** Return the vocabulary's word nearest a typed one (of two as near, the one with the same first letter, then the
more used), or null if none is near enough or the typed word begins one of the vocabulary's. */
function nearest(typed, words) {
  const most = mistakesAllowed(typed.length);
  let best = null;
  let bestScore = Infinity;
  for (const [plain, written] of words) {
    if (plain.startsWith(typed)) return null; // known, or still being typed: Pagefind finds the longer word
    const score = distance(typed, plain, most) * 2 + (plain[0] === typed[0] ? 0 : 1);
    if (score < bestScore && score <= most * 2 + 1) [best, bestScore] = [written, score];
  }
  return best;
}

/** Return the words of a search that may be mistyped: those of letters only, at least 4, in their plain form. */
export function checkable(query) {
  return [...new Set(plainWords(query).filter((word) => /^[a-z]{4,}$/.test(word)))];
}

/** Return the search with each of the unknown words (in their plain form) replaced by the vocabulary's nearest
word, or null if none has a near one. */
export async function suggestion(query, unknown, address) {
  const words = await load(address);
  let changed = false;
  const better = query.trim().split(/\s+/).map((typed) => {
    const plain = plainWords(typed).join("");
    const found = unknown.includes(plain) && nearest(plain, words);
    changed = changed || Boolean(found);
    return found || typed;
  });
  return changed ? better.join(" ") : null;
}
