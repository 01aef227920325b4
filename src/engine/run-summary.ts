import type { Run } from '../store';

/**
 * Formats finished runs as the table `npm start` prints.
 *
 * @example
 * console.log(formatRunSummary(runs, 5230));
 */
export function formatRunSummary(runs: Run[], elapsedMs: number): string {
  const header = [
    'flow',
    'status',
    'read',
    'created',
    'updated',
    'unchanged',
    'skipped',
    'failed',
    'seconds',
    'records/s',
  ];
  const rows = runs.map((run) => {
    const seconds = ((run.finishedAt ?? Date.now()) - run.startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(run.read / seconds) : run.read;
    return [
      run.flow,
      run.status,
      run.read,
      run.created,
      run.updated,
      run.unchanged,
      run.skipped,
      run.failed,
      seconds.toFixed(2),
      rate,
    ].map(String);
  });
  const total = runs.reduce((sum, r) => sum + r.read, 0);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const seconds = elapsedMs / 1000;
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'skipped = read but not written on purpose (merged duplicates, pairs waiting in the review queue)',
    `${total} records in ${seconds.toFixed(2)} s (${seconds > 0 ? Math.round(total / seconds) : total} records/s overall)`,
  ].join('\n');
}
