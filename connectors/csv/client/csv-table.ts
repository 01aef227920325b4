import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { IntegrationError } from '../../../src/errors';
import { bomOf } from './bom-of';
import { csvFileError } from './csv-file-error';
import { CsvLineCounter } from './csv-line-counter';
import { rowShapeProblem } from './csv-row-shape';

/** One data row as the file holds it, with the line it starts on (1 = the header). */
export interface CsvRow {
  line: number;
  cells: string[];
  /** What is wrong with the row's shape (wrong column count), naming line and column. */
  problem?: string;
}

/** A whole file: header, rows in file order, and when it was last written. */
export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  mtime: Date;
  /** How the file is encoded, and whether it starts with a BOM: a rewrite keeps both. */
  encoding: BufferEncoding;
  bom: boolean;
}

/**
 * Reads a CSV file with a header row. Rows with the wrong number of cells are kept and carry a
 * `problem` naming the file, line and column, so the caller can deliver them as failures
 * instead of dropping them. A missing file is an empty table (a target file not written yet).
 *
 * @example
 * const { header, rows } = await readCsvTable('/exports/companies.csv');
 */
export async function readCsvTable(
  path: string,
  delimiter = ',',
  encoding: BufferEncoding = 'utf8',
): Promise<CsvTable> {
  let bytes: Buffer;
  let mtime: Date;
  try {
    [bytes, mtime] = await Promise.all([readFile(path), stat(path).then((s) => s.mtime)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { header: [], rows: [], mtime: new Date(0), encoding, bom: false };
    throw csvFileError(path, error);
  }
  const bom = bomOf(bytes);
  const found = { encoding: bom?.encoding ?? encoding, bom: bom !== undefined };
  let parsed: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    parsed = parse(bytes, {
      bom: true,
      delimiter,
      encoding: found.encoding,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    // A broken quote makes the rest of the file ambiguous: refuse the file, naming the place.
    throw new IntegrationError('unexpected_response', `${basename(path)}: ${(error as Error).message}`, {
      cause: error,
      details: { file: path },
    });
  }
  const [first, ...data] = parsed;
  if (!first) return { header: [], rows: [], mtime, ...found };
  const header = first.record.map((h) => h.trim());
  const file = basename(path);
  const rows: CsvRow[] = [];
  const lines = new CsvLineCounter(1);
  lines.start(first.record, first.info);
  for (const { record, info } of data) {
    const line = lines.start(record, info);
    const problem = rowShapeProblem(file, header, record, line);
    rows.push(problem ? { line, cells: record, problem } : { line, cells: record });
  }
  return { header, rows, mtime, ...found };
}

/**
 * Writes a table atomically: a temporary file in the same folder, then a rename, so a reader
 * (or a crash) never sees half a file.
 *
 * @example
 * await writeCsvTable('/exports/companies.csv', ['id', 'name'], [['1', 'Acme']]);
 */
export async function writeCsvTable(
  path: string,
  header: string[],
  rows: string[][],
  delimiter = ',',
  how: { encoding: BufferEncoding; bom: boolean } = { encoding: 'utf8', bom: false },
): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const text = formatCsv([header, ...rows], delimiter);
    await writeFile(temp, Buffer.from(how.bom ? `\ufeff${text}` : text, how.encoding));
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw csvFileError(path, error);
  }
}

/**
 * Formats rows as RFC 4180 CSV, quoting only the cells that need it.
 *
 * @example
 * formatCsv([['id', 'name'], ['1', 'Acme, Inc.']]); // 'id,name\n1,"Acme, Inc."\n'
 */
export function formatCsv(rows: string[][], delimiter = ','): string {
  const cell = (value: string) =>
    /["\r\n]|^\s|\s$/.test(value) || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value;
  return `${rows.map((row) => row.map(cell).join(delimiter)).join('\n')}\n`;
}
