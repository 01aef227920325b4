import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { csvConnector } from '../connectors/csv';
import { CsvConnectorConfig } from '../connectors/csv/client/csv-config';
import { CsvCompany } from '../connectors/csv/client/csv-entities';
import { csvRowToRecord } from '../connectors/csv/client/csv-row-to-record';
import { mockErpConnector } from '../connectors/mock-erp';
import { ConnectorRegistry } from '../src/connectors';
import { entityCatalog } from '../src/engine';
import { loadMappings } from '../src/mapping';

/** Figures of one CSV import benchmark. */
export interface CsvBenchResult {
  rows: number;
  fileMb: number;
  generateSeconds: number;
  importSeconds: number;
  rowsPerSecond: number;
  valid: number;
  invalid: number;
  mapped: number;
  /** process.resourceUsage().maxRSS, the process's peak so far. */
  peakRssMb: number;
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
 * `npm run bench:csv`: generates a companies CSV (BENCH_CSV_ROWS, default 1,000,000) and
 * imports it streaming: csv-parse's stream parser, the CSV connector's own row-to-record
 * conversion and schema, and the compiled shipped company mapping, into a counting sink
 * (no ERP writes). Reports rows/s and peak RSS.
 *
 * @example
 * const result = await benchCsvImport(1_000_000);
 */
export async function benchCsvImport(rows = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000)): Promise<CsvBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-csv-bench-'));
  const path = join(dir, 'companies.csv');
  try {
    let started = performance.now();
    await generate(path, rows);
    const generateSeconds = (performance.now() - started) / 1000;

    const registry = new ConnectorRegistry().register(csvConnector).register(mockErpConnector);
    registry.instantiate('crm', 'crm', 'csv', { dir }, { log: () => {} });
    registry.instantiate(
      'erp',
      'erp',
      'mock-erp',
      { baseUrl: 'http://127.0.0.1:9', token: 'bench' },
      { log: () => {} },
    );
    const flow = loadMappings('mappings', entityCatalog(registry)).find(
      (m) => m.loaded.spec.flow === 'companies-to-customers',
    )!;
    const spec = CsvConnectorConfig.parse({ dir }).entities.company!;
    const mtime = statSync(path).mtime;

    started = performance.now();
    let header: string[] | undefined;
    let valid = 0;
    let invalid = 0;
    let mapped = 0;
    const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, info: true }));
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record;
        continue;
      }
      const converted = csvRowToRecord('company', spec, header, { line: info.lines, cells: record }, mtime);
      if (!CsvCompany.safeParse(converted.fields).success) {
        invalid += 1;
        continue;
      }
      valid += 1;
      const payload = flow.mapping.map(converted, { xref: () => undefined });
      if (payload.displayName) mapped += 1;
    }
    const importSeconds = (performance.now() - started) / 1000;
    await registry.closeAll();
    return {
      rows,
      fileMb: Math.round(statSync(path).size / 2 ** 20),
      generateSeconds,
      importSeconds,
      rowsPerSecond: Math.round(rows / importSeconds),
      valid,
      invalid,
      mapped,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per figure, for people. */
export function formatCsvBench(r: CsvBenchResult): string {
  return [
    `rows ${r.rows} (${r.fileMb} MB), generated in ${r.generateSeconds.toFixed(1)} s`,
    `import ${r.importSeconds.toFixed(1)} s = ${r.rowsPerSecond} rows/s; valid ${r.valid}, refused ${r.invalid}, mapped ${r.mapped}`,
    `peak RSS ${r.peakRssMb} MB (target < 256 MB)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchCsvImport().then((r) => process.stdout.write(`CSV import\n${formatCsvBench(r)}\n`));
}
