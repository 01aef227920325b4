const MAX_LENGTH = 256;
const MATCHED_A = new Int32Array(MAX_LENGTH);
const MATCHED_B = new Int32Array(MAX_LENGTH);
let stampCounter = 0;

function nextStamp(): number {
  if (++stampCounter === 0x7fffffff) {
    MATCHED_A.fill(0);
    MATCHED_B.fill(0);
    stampCounter = 1;
  }
  return stampCounter;
}
let previousRow = new Uint16Array(MAX_LENGTH + 1);
let currentRow = new Uint16Array(MAX_LENGTH + 1);

/**
 * Jaro-Winkler similarity in [0, 1]: 1 for equal strings, 0 when either is empty. Suited to short
 * strings with typos (names); the prefix bonus rewards agreement at the start, where people make
 * fewer mistakes. Inputs are compared on their first 256 characters.
 *
 * @example
 * jaroWinkler('martha', 'marhta') // 0.961
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  // Bounded like editSimilarity: the cost is quadratic in the worst case, and no name is this long.
  if (a.length > MAX_LENGTH || b.length > MAX_LENGTH)
    return jaroWinkler(a.slice(0, MAX_LENGTH), b.slice(0, MAX_LENGTH));
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  // Shared scratch buffers marked with a fresh stamp per call: this runs millions of times per
  // dedupe and must neither allocate nor clear.
  const stamp = nextStamp();
  const matchedA = MATCHED_A;
  const matchedB = MATCHED_B;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = i > window ? i - window : 0;
    const to = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] !== stamp && b.charCodeAt(j) === c) {
        matchedA[i] = stamp;
        matchedB[j] = stamp;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] !== stamp) continue;
    while (matchedB[k] !== stamp) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const limit = Math.min(4, la, lb);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * 1 - Levenshtein distance / longer length, in [0, 1]; for codes and numbers where every
 * character counts the same (ids, postcodes). Inputs longer than 256 characters are compared on
 * their first 256, which keeps the cost bounded for hostile input.
 *
 * @example
 * editSimilarity('4223', '4233') // 0.75
 */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const x = a.length > MAX_LENGTH ? a.slice(0, MAX_LENGTH) : a;
  const y = b.length > MAX_LENGTH ? b.slice(0, MAX_LENGTH) : b;
  if (!x.length || !y.length) return 0;
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    const c = x.charCodeAt(i - 1);
    for (let j = 1; j <= y.length; j++) {
      const cost = c === y.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  [previousRow, currentRow] = [previous, current];
  return 1 - previous[y.length]! / Math.max(x.length, y.length);
}

/**
 * Token-set similarity in [0, 1]: each token is paired with its most similar token on the other
 * side (Jaro-Winkler, counted only from 0.75, about a typo away), averaged both ways (symmetric
 * Monge-Elkan). Word order does not matter and a typo inside one word costs only that word.
 * Inputs are space-separated normalised text.
 *
 * @example
 * tokenSetSimilarity('acme widgets', 'widgets acme') // 1
 */
export function tokenSetSimilarity(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a || !b) return 0;
  return tokenListSimilarity(a.split(' '), b.split(' '));
}

/**
 * {@link tokenSetSimilarity} of already split token lists, so a record's tokens are split once
 * and compared many times.
 *
 * @example
 * tokenListSimilarity(['acme', 'widgets'], ['widgets', 'acme']) // 1
 */
export function tokenListSimilarity(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  return (bestAverage(a, b) + bestAverage(b, a)) / 2;
}

/** Jaro-Winkler at which two words count as the same word with a typo. */
const TOKEN_AGREEMENT = 0.75;

function bestAverage(from: readonly string[], to: readonly string[]): number {
  let sum = 0;
  // Bounded so that a pathological token list cannot make one comparison quadratic in its length.
  const n = Math.min(from.length, 32);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 0; j < Math.min(to.length, 32) && best < 1; j++) best = Math.max(best, jaroWinkler(from[i]!, to[j]!));
    // Unrelated words still score 0.4-0.6 in Jaro-Winkler; only a near-spelling counts, or
    // "acme widgets" and "acme systems" would look half the same.
    if (best >= TOKEN_AGREEMENT) sum += best;
  }
  return sum / n;
}

/**
 * Similarity of two ISO dates or `YYYYMMDD` strings: 1 when equal, 0.85 for one typo or a
 * swapped day and month (the usual data-entry errors), 0.6 for the same day and month a year
 * or a decade apart, otherwise how close the days are, fading to 0 over a year.
 *
 * @example
 * dateSimilarity('19560409', '19560904') // 0.85
 */
export function dateSimilarity(a: string, b: string): number {
  const x = a.replace(/\D/g, '');
  const y = b.replace(/\D/g, '');
  if (!x || !y) return 0;
  if (x === y) return 1;
  if (x.length === 8 && y.length === 8) {
    if (x.slice(0, 4) === y.slice(0, 4) && x.slice(4, 6) === y.slice(6, 8) && x.slice(6, 8) === y.slice(4, 6)) {
      return 0.85;
    }
    if (editSimilarity(x, y) >= 0.875) return 0.85;
    if (x.slice(4) === y.slice(4)) return 0.6;
    const dx = Date.UTC(+x.slice(0, 4), +x.slice(4, 6) - 1, +x.slice(6, 8));
    const dy = Date.UTC(+y.slice(0, 4), +y.slice(4, 6) - 1, +y.slice(6, 8));
    if (Number.isFinite(dx) && Number.isFinite(dy)) return Math.max(0, 0.5 - Math.abs(dx - dy) / 86_400_000 / 730);
  }
  return 0;
}

/**
 * Closeness of two numbers in [0, 1]: 1 when equal, falling linearly to 0 at a relative
 * difference of `tolerance` (default 50%). Non-numbers score 0.
 *
 * @example
 * numericSimilarity('100', '90') // 0.8
 */
export function numericSimilarity(a: string, b: string, tolerance = 0.5): number {
  const x = Number(a);
  const y = Number(b);
  if (!a || !b || !Number.isFinite(x) || !Number.isFinite(y)) return 0;
  if (x === y) return 1;
  const relative = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
  return Math.max(0, 1 - relative / tolerance);
}
