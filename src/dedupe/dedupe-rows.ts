import type { DedupeFileConfig } from './dedupe-file-config';
import type { FsModel } from './fellegi-sunter';
import { findPairs } from './find-pairs';
import { RecordMatcher } from './record-matcher';

/** One output row of `bridge dedupe`. */
export interface DedupePair {
  leftId: string;
  rightId: string;
  score: number;
  decision: 'link' | 'review';
}

/** The pairs found in rows, with what it took. */
export interface DedupeResult {
  pairs: DedupePair[];
  compared: number;
  /** The estimated model, with `weights: em`. */
  model?: FsModel;
}

/**
 * Finds duplicate rows within `left` (when `right` is omitted) or links `left` to `right`, by the
 * config's rules. Rows are objects keyed by column, e.g. from a CSV file. Pure: the CLI and the
 * benchmark both call it.
 *
 * @example
 * const { pairs } = dedupeRows(config, readCsvRows('crm.csv'));
 */
export function dedupeRows(
  config: DedupeFileConfig,
  left: readonly Record<string, unknown>[],
  right?: readonly Record<string, unknown>[],
): DedupeResult {
  const matcher = new RecordMatcher(config.rules);
  const prepare = (rows: readonly Record<string, unknown>[]) =>
    rows.map((row, i) => matcher.prepare(String(row[config.id] ?? `row ${i + 2}`), row));
  const a = prepare(left);
  const b = right ? prepare(right) : undefined;
  const search = findPairs(matcher, a, b);
  const other = b ?? a;
  const pairs = search.pairs
    .map((p) => ({ leftId: a[p.left]!.id, rightId: other[p.right]!.id, score: p.score, decision: p.decision }))
    .sort((x, y) => y.score - x.score || (x.leftId < y.leftId ? -1 : 1));
  return { pairs, compared: search.compared, ...(search.matcher.model ? { model: search.matcher.model } : {}) };
}
