import { jaroWinkler } from './string-similarity';

/** Past this many distinct words new ones are not numbered: their records use the string path. */
const MAX_WORDS = 1_000_000;
/** Remembered word pairs before the memo starts over (~100 MB at most). */
const MAX_PAIRS = 2_000_000;

const idOf = new Map<string, number>();
const words: string[] = [];
/** Jaro-Winkler of word pairs by the first word's number, then the second's (small-integer keys). */
let rows: (Map<number, number> | undefined)[] = [];
let pairs = 0;

/**
 * Numbers the words of a token list for {@link tokenIdSimilarity}; null once the process has
 * seen too many distinct words (the caller keeps the strings). Numbers never change, so lists
 * numbered earlier stay valid.
 *
 * @example
 * const ids = internTokens(['acme', 'widgets']); // Int32Array [0, 1]
 */
export function internTokens(tokens: readonly string[]): Int32Array | null {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!;
    let id = idOf.get(word);
    if (id === undefined) {
      if (words.length >= MAX_WORDS) return null;
      id = words.length;
      words.push(word);
      idOf.set(word, id);
    }
    ids[i] = id;
  }
  return ids;
}

/**
 * `tokenListSimilarity` (string-similarity.ts) of numbered token lists, equal to it to the last bit, with each
 * word pair's Jaro-Winkler computed once: names share few distinct words (legal forms, common
 * words, cities), and scoring word pairs again and again was a sixth of an initial load's CPU.
 *
 * @example
 * tokenIdSimilarity(internTokens(['acme', 'widgets'])!, internTokens(['widgets', 'acme'])!) // 1
 */
export function tokenIdSimilarity(a: Int32Array, b: Int32Array): number {
  if (!a.length || !b.length) return 0;
  return (bestAverage(a, b) + bestAverage(b, a)) / 2;
}

/** As in string-similarity.ts: each word's best partner, counted from 0.75. */
function bestAverage(from: Int32Array, to: Int32Array): number {
  let sum = 0;
  const n = Math.min(from.length, 32);
  const m = Math.min(to.length, 32);
  for (let i = 0; i < n; i++) {
    const x = from[i]!;
    let best = 0;
    for (let j = 0; j < m && best < 1; j++) {
      const s = wordSimilarity(x, to[j]!);
      if (s > best) best = s;
    }
    if (best >= 0.75) sum += best;
  }
  return sum / n;
}

function wordSimilarity(x: number, y: number): number {
  let row = rows[x];
  if (!row) {
    row = new Map();
    rows[x] = row;
  }
  let s = row.get(y);
  if (s === undefined) {
    s = jaroWinkler(words[x]!, words[y]!);
    if (++pairs > MAX_PAIRS) {
      rows = [];
      pairs = 0;
    } else row.set(y, s);
  }
  return s;
}
