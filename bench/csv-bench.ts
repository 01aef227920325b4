import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBenchProcess } from './bench-processes';

/** Figures of one CSV import benchmark. */
export interface CsvBenchResult {
  rows: number;
  fileMb: number;
  generateSeconds: number;
  /** Page size asked of `listChanges` (the engine's PAGE_SIZE). */
  pageSize: number;
  pages: number;
  importSeconds: number;
  /** CPU (user + system) of the import process during the import. */
  cpuSeconds: number;
  rowsPerSecond: number;
  valid: number;
  invalid: number;
  mapped: number;
  /** process.resourceUsage().maxRSS of the import process, which does nothing else. */
  peakRssMb: number;
  /** Its RSS before the first page (Node, tsx, the modules): the floor under the peak. */
  startRssMb: number;
}

const HEADER =
  'id,name,domain,phone,address,city,state,zip,country,industry,numberofemployees,annualrevenue,tax_id,updated_at';
const CITIES = ['San Francisco,CA', 'New York,NY', 'Austin,TX', 'Seattle,WA', 'Boston,MA'];

/** Writes `rows` companies, one write per row, waiting for the file to drain: constant memory. */
async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${HEADER}\n`);
  for (let i = 1; i <= rows; i++) {
    const [city, state] = CITIES[i % CITIES.length]!.split(',');
    // Every 1000th row is dirty (employees not a number), so the schema's refusal path is timed too.
    const employees = i % 1000 === 0 ? 'many' : String(10 + (i % 5000));
    const line = `${i},"Company ${i}, Inc.",company${i}.example,+1 415 555 ${String(i % 10000).padStart(4, '0')},${i} Market St,${city},${state},9${String(i % 10000).padStart(4, '0')},United States,RETAIL,${employees},${(i * 1.5).toFixed(2)},US-${i},2026-01-05T09:00:00Z\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * `npm run bench:csv`: generates a companies CSV (BENCH_CSV_ROWS, default 1,000,000 times
 * BENCH_SCALE) and imports it through the CSV connector in a child process that does only that
 * (bench/csv-import-child.ts: `listChanges` page by page, schema, compiled companies mapping,
 * counting sink). Reports rows/s, CPU seconds and the child's peak RSS.
 *
 * @example
 * const result = await benchCsvImport(1_000_000);
 */
export async function benchCsvImport(
  rows = Math.max(
    1000,
    Math.round(Number(process.env.BENCH_CSV_ROWS ?? 1_000_000) * Number(process.env.BENCH_SCALE ?? 1)),
  ),
  pageSize = Number(process.env.PAGE_SIZE ?? 100),
): Promise<CsvBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-csv-bench-'));
  const path = join(dir, 'companies.csv');
  try {
    const started = performance.now();
    await generate(path, rows);
    const generateSeconds = (performance.now() - started) / 1000;
    const child = await startBenchProcess(
      'bench/csv-import-child.ts',
      { BENCH_CSV_DIR: dir, BENCH_CSV_PAGE: String(pageSize) },
      /csv-import (\{.*\})/,
    );
    if (child.child.exitCode === null) await once(child.child, 'exit');
    const r = JSON.parse(child.url) as Omit<
      CsvBenchResult,
      'fileMb' | 'generateSeconds' | 'rowsPerSecond' | 'pageSize'
    >;
    return {
      ...r,
      rows,
      pageSize,
      fileMb: Math.round(statSync(path).size / 2 ** 20),
      generateSeconds,
      rowsPerSecond: Math.round(r.rows / r.importSeconds),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per figure, for people. */
export function formatCsvBench(r: CsvBenchResult): string {
  return [
    `rows ${r.rows} (${r.fileMb} MB), generated in ${r.generateSeconds.toFixed(1)} s`,
    `import through the CSV connector, pages of ${r.pageSize} (${r.pages} pages): ${r.importSeconds.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU = ${r.rowsPerSecond} rows/s`,
    `valid ${r.valid}, refused ${r.invalid}, mapped ${r.mapped}`,
    `peak RSS of the import process ${r.peakRssMb} MB (${r.startRssMb} MB before the first page; target < 256 MB)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchCsvImport().then((r) => process.stdout.write(`CSV import\n${formatCsvBench(r)}\n`));
}
