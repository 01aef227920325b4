/**
 * Agreement levels of a field comparison: 3 exact, 2 close, 1 similar, 0 different; -1 when a
 * side is missing (no evidence either way). Coarse levels are what Fellegi-Sunter models need:
 * their m and u probabilities are estimable from data, raw similarities are not.
 *
 * @example
 * agreementLevel(0.95) // 2
 */
export function agreementLevel(similarity: number): number {
  if (Number.isNaN(similarity)) return -1;
  if (similarity >= 0.999) return 3;
  if (similarity >= 0.92) return 2;
  if (similarity >= 0.8) return 1;
  return 0;
}

/** Number of agreement levels (0..3). */
export const LEVELS = 4;

/**
 * A Fellegi-Sunter model: per field and level, m = P(level | match), u = P(level | non-match),
 * and lambda = the share of matches among compared pairs.
 */
export interface FsModel {
  m: number[][];
  u: number[][];
  lambda: number;
}

/**
 * Posterior match probability of a comparison (levels per field) under a model: prior odds
 * lambda / (1 - lambda) times the likelihood ratio m/u of every present field.
 *
 * @example
 * matchProbability(model, Int8Array.of(3, 3, -1)) // 0.999...
 */
export function matchProbability(model: FsModel, levels: ArrayLike<number>): number {
  let logOdds = Math.log(model.lambda / (1 - model.lambda));
  for (let f = 0; f < levels.length; f++) {
    const level = levels[f]!;
    if (level < 0) continue;
    logOdds += Math.log(model.m[f]![level]! / model.u[f]![level]!);
  }
  return 1 / (1 + Math.exp(-logOdds));
}

/**
 * Log2 Bayes factor (m/u) of one field at one level: the "match weight" shown in explanations.
 *
 * @example
 * fieldWeight(model, 0, 3) // 9.2
 */
export function fieldWeight(model: FsModel, field: number, level: number): number {
  return level < 0 ? 0 : Math.log2(model.m[field]![level]! / model.u[field]![level]!);
}

/** Level frequencies with add-one smoothing, so no probability is 0 (a log of 0 would veto a pair). */
function frequencies(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0) + counts.length;
  return counts.map((c) => (c + 1) / total);
}

/**
 * u probabilities from comparisons of random record pairs: almost all random pairs are
 * non-matches, so how often a field agrees among them is P(level | non-match).
 *
 * @example
 * const u = estimateU(randomPairLevels, 3);
 */
export function estimateU(samples: readonly ArrayLike<number>[], fields: number): number[][] {
  const counts = Array.from({ length: fields }, () => new Array<number>(LEVELS).fill(0));
  for (const levels of samples) {
    for (let f = 0; f < fields; f++) {
      const level = levels[f]!;
      if (level >= 0) counts[f]![level]!++;
    }
  }
  return counts.map(frequencies);
}

/**
 * Estimates m and lambda by expectation-maximisation over the candidate pairs' comparison
 * patterns, with u held at its random-pair estimate (as Splink does: u from sampling is
 * unbiased, while EM on blocked pairs would confuse the blocking with agreement). Identical
 * patterns are grouped, so the cost is per distinct pattern, not per pair.
 *
 * @example
 * const model = estimateM(patterns, u, { iterations: 50 });
 */
export function estimateM(
  patterns: ReadonlyMap<string, { levels: Int8Array; count: number }>,
  u: number[][],
  options: { iterations?: number; lambda?: number } = {},
): FsModel {
  const fields = u.length;
  // A generic start: matches mostly agree exactly, rarely disagree.
  let model: FsModel = {
    m: Array.from({ length: fields }, () => [0.05, 0.1, 0.15, 0.7]),
    u,
    lambda: options.lambda ?? 0.3,
  };
  const groups = [...patterns.values()];
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  if (!total) return model;
  for (let iteration = 0; iteration < (options.iterations ?? 50); iteration++) {
    const mCounts = Array.from({ length: fields }, () => new Array<number>(LEVELS).fill(0));
    let matches = 0;
    for (const { levels, count } of groups) {
      const weight = matchProbability(model, levels) * count;
      matches += weight;
      for (let f = 0; f < fields; f++) {
        const level = levels[f]!;
        if (level >= 0) mCounts[f]![level]! += weight;
      }
    }
    const lambda = Math.min(0.999, Math.max(1e-6, matches / total));
    const m = mCounts.map((counts) => {
      const sum = counts.reduce((a, b) => a + b, 0) + counts.length * 1e-3;
      return counts.map((c) => (c + 1e-3) / sum);
    });
    const change = Math.abs(lambda - model.lambda);
    model = { m, u, lambda };
    if (change < 1e-6) break;
  }
  return model;
}
