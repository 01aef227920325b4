/**
 * Suggests the closest known name for a misspelt one, as ` (did you mean "x"?)`, or '' when
 * nothing is close. Close means case-insensitively equal or at most a third of the letters off.
 *
 * @example
 * didYouMean('titlecase', ['title', 'trim']) // ' (did you mean "title"?)'
 */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  if (word.length === 0) return '';
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    // A known name inside the typo ("titlecase" holds "title") is the usual slip.
    const distance = c === lower ? 0 : lower.startsWith(c) || c.startsWith(lower) ? 1 : editDistance(lower, c);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
}

/** Edit distance where swapping two neighbouring letters ("emial") counts as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
