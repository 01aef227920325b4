import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchCsvImport, formatCsvBench } from './csv-bench';
import { benchDedupe } from './dedupe-bench';
import { type BenchResult, benchInitialLoad } from './initial-load';
import { benchMapping, formatMappingBench } from './mapping-bench';

/**
 * `npm run bench`: every benchmark in one process, side by side. Prints tables and writes
 * bench/results.json. Figures only; targets are judged by reading them, never by a test.
 * BENCH_ONLY=csv,load,mapping,dedupe picks some; BENCH_COMPANIES sizes the initial load,
 * BENCH_CSV_ROWS the CSV import.
 */
async function main(): Promise<void> {
  const only = new Set((process.env.BENCH_ONLY ?? 'csv,load,mapping,dedupe').split(','));
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
  const results: Record<string, unknown> = {};

  // First: its peak RSS is the process's peak so far, which later benchmarks would inflate.
  if (only.has('csv')) {
    const csv = await benchCsvImport();
    results.csvImport = csv;
    process.stdout.write(
      `\nCSV import (streaming parse + schema + company mapping, counting sink)\n${formatCsvBench(csv)}\n`,
    );
  }
  if (only.has('load')) {
    const size = Number(process.env.BENCH_COMPANIES ?? 20_000);
    const load: BenchResult[] = [await benchInitialLoad(size)];
    results.initialLoad = load;
    const rows = load.map((r) => [
      r.name,
      String(r.records),
      r.seconds.toFixed(2),
      String(r.recordsPerSecond),
      r.notes,
    ]);
    write(
      'End to end (CRM -> ERP over HTTP, mocks in the same process)',
      ['benchmark', 'records', 'seconds', 'records/s', 'notes'],
      rows,
    );
  }
  if (only.has('mapping')) {
    const mapping = await benchMapping();
    results.mapping = mapping;
    process.stdout.write(`\nMapping\n${formatMappingBench(mapping)}\n`);
  }
  if (only.has('dedupe')) {
    const dedupe = await benchDedupe({ size: Number(process.env.DEDUPE_BENCH_SIZE ?? 100_000) });
    results.dedupe = dedupe;
    const f = (n: number) => n.toFixed(4);
    write(
      'Dedupe quality',
      ['data set', 'P', 'R', 'F1', 'compared'],
      dedupe.quality.map((q) => [q.name, f(q.precision), f(q.recall), f(q.f1), String(q.compared)]),
    );
    const s = dedupe.speed;
    write(
      'Dedupe speed',
      ['records', 'match s (wall)', 'match s (CPU)', 'pairs compared', 'pairs/s', 'peak RSS MB'],
      [
        [
          `${s.left} x ${s.right}`,
          s.matchSeconds.toFixed(2),
          s.matchCpuSeconds.toFixed(2),
          String(s.compared),
          String(s.pairsPerSecond),
          String(s.peakRssMb),
        ],
      ],
    );
  }
  writeFileSync(
    'bench/results.json',
    `${JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2)}\n`,
  );
  process.stdout.write(
    `\nmachine: ${machine.cpus} x ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}; written to bench/results.json\n`,
  );
}

function write(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${title}\n${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
