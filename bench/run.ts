import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { type BenchResult, benchInitialLoad } from './initial-load';

/**
 * `npm run bench`: runs every benchmark in one process, prints a table and writes
 * bench/results.json. Figures only; targets are judged by reading them, never by a test.
 */
async function main(): Promise<void> {
  const size = Number(process.env.BENCH_COMPANIES ?? 20_000);
  const results: BenchResult[] = [];
  results.push(await benchInitialLoad(size));

  const rows = results.map((r) => [
    r.name,
    String(r.records),
    r.seconds.toFixed(2),
    String(r.recordsPerSecond),
    r.notes,
  ]);
  const header = ['benchmark', 'records', 'seconds', 'records/s', 'notes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };
  writeFileSync(
    'bench/results.json',
    `${JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
