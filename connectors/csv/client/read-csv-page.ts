import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Info, type Parser, parse } from 'csv-parse';
import { IntegrationError } from '../../../src/errors';
import { bomOf } from './bom-of';
import { csvFileError } from './csv-file-error';
import { CsvLineCounter } from './csv-line-counter';
import { rowShapeProblem } from './csv-row-shape';
import type { CsvRow } from './csv-table';
import type { CsvFileIdentity, CsvPosition } from './page-token';

/** The part of a `FileHandle` a page needs; tests pass one that records every read. */
export interface CsvFileHandle {
  stat(): Promise<{ size: number; mtimeMs: number; ino: number; mtime: Date }>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** What {@link readCsvPage} reads and how far. */
export interface CsvPageOptions {
  delimiter: string;
  /** Configured encoding; a BOM at the start of the file overrides it. */
  encoding: BufferEncoding;
  /** Where the previous page stopped; absent for the first page. */
  from?: CsvPosition;
  /** Rows `accept` may take before the page stops. */
  limit: number;
  /**
   * Rows a page may look at before it stops even with fewer than `limit` taken (a filter that
   * takes few rows of a big file), so one page stays a bounded piece of work; unbounded if absent.
   */
  scanLimit?: number;
  /** Sees every data row in file order; returns whether it took the row (counts toward `limit`). */
  accept: (row: CsvRow, header: string[], mtime: Date) => boolean;
  open?: (path: string) => Promise<CsvFileHandle>;
}

/** What a page learnt about the file, and where the next page starts (absent at the end). */
export interface CsvPage {
  header: string[];
  mtime: Date;
  next?: CsvPosition;
  /** The file changed after `from` was issued: the page found its place again by row count. */
  restarted: boolean;
}

/** One read from the file; cheap to overshoot (a copy from the page cache). */
const CHUNK_BYTES = 64 * 1024;
/** What the parser gets at a time: a page parses at most this much past its last row. */
const PARSE_BYTES = 4 * 1024;
/** A row longer than this (bytes) is a broken quote swallowing the file, not data: refuse it, bounded. */
const MAX_RECORD_BYTES = 1_000_000;

/**
 * Reads one page of a CSV file, streaming: it reads from the byte where the previous page
 * stopped (`from.offset`, exact with quoted newlines, CRLF, a BOM and multi-byte encodings,
 * since csv-parse counts bytes), hands rows to `accept` until `limit` are taken, and stops. Memory
 * is one chunk plus what `accept` keeps. When the file is no longer the one `from` was read from
 * (other size, mtime or inode: a re-export, our own rewrite, an append), the page reads the new
 * header and skips the same number of data rows, which is exact for in-place edits and appends.
 *
 * @example
 * const page = await readCsvPage('/exports/companies.csv', { delimiter: ',', encoding: 'utf8', limit: 500, accept: (row) => rows.push(row) > 0 });
 */
export async function readCsvPage(path: string, options: CsvPageOptions): Promise<CsvPage> {
  let handle: CsvFileHandle;
  try {
    handle = await (options.open ?? open)(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { header: [], mtime: new Date(0), restarted: false };
    throw csvFileError(path, error);
  }
  try {
    const stats = await handle.stat().catch((error: unknown) => Promise.reject(csvFileError(path, error)));
    const file: CsvFileIdentity = { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
    const from = options.from;
    const same =
      from && from.file.size === file.size && from.file.mtimeMs === file.mtimeMs && from.file.ino === file.ino;
    const start = same ? from : await readHeader(handle, path, file, options);
    let skip = from && !same ? from.row : 0;
    const { header } = start;
    const name = basename(path);
    let position = { offset: start.offset, line: start.line, row: start.row };
    let taken = 0;
    let scanned = 0;
    const scanLimit = options.scanLimit ?? Number.POSITIVE_INFINITY;
    const lines = new CsvLineCounter(start.line);
    if (options.limit > 0 && header.length > 0) {
      for await (const { record, info } of parseFrom(handle, path, start, {
        delimiter: options.delimiter,
        bom: false,
      })) {
        const line = lines.start(record, info);
        position = { offset: start.offset + info.bytes, line: lines.next, row: position.row + 1 };
        if (skip > 0) {
          skip -= 1;
          continue;
        }
        const problem = rowShapeProblem(name, header, record, line);
        const row: CsvRow = problem ? { line, cells: record, problem } : { line, cells: record };
        if (options.accept(row, header, stats.mtime)) taken += 1;
        scanned += 1;
        if (taken >= options.limit || scanned >= scanLimit) break;
      }
    }
    const more = (taken >= options.limit || scanned >= scanLimit) && position.offset < file.size;
    return {
      header,
      mtime: stats.mtime,
      restarted: Boolean(from && !same),
      ...(more ? { next: { ...position, file, header, encoding: start.encoding } } : {}),
    };
  } finally {
    await handle.close();
  }
}

/** The header row and where the data starts; the encoding is settled here, by the BOM if any. */
async function readHeader(
  handle: CsvFileHandle,
  path: string,
  file: CsvFileIdentity,
  options: CsvPageOptions,
): Promise<CsvPosition> {
  const first = Buffer.alloc(3);
  const { bytesRead } = await handle.read(first, 0, 3, 0).catch((error: unknown) => {
    throw csvFileError(path, error);
  });
  const encoding = bomOf(first.subarray(0, bytesRead))?.encoding ?? options.encoding;
  const empty = { offset: file.size, line: 1, row: 0, file, header: [], encoding };
  const start = { offset: 0, line: 1, encoding };
  for await (const { record, info } of parseFrom(handle, path, start, { delimiter: options.delimiter, bom: true })) {
    const lines = new CsvLineCounter(1);
    lines.start(record, info);
    // info.bytes counts the BOM: it is the file offset just past the header's line break.
    return { offset: info.bytes, line: lines.next, row: 0, file, header: record.map((h) => h.trim()), encoding };
  }
  return empty;
}

/**
 * Feeds the file from `start.offset` to csv-parse a slice at a time and yields its records as
 * they come; leaving the loop early stops reading and parsing. Driving the parser by hand
 * (write, then read what it produced) keeps the read-ahead at one chunk, where a pipe would
 * buffer several, and the parsing past the page's last row at one slice.
 */
async function* parseFrom(
  handle: CsvFileHandle,
  path: string,
  start: { offset: number; line: number; encoding: BufferEncoding },
  options: { delimiter: string; bom: boolean },
): AsyncGenerator<{ record: string[]; info: Info }> {
  const parser: Parser = parse({
    bom: options.bom,
    delimiter: options.delimiter,
    encoding: start.encoding,
    info: true,
    max_record_size: MAX_RECORD_BYTES,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure = error;
  });
  const drain = function* () {
    let item: { record: string[]; info: Info } | null = parser.read();
    while (item !== null) {
      yield item;
      item = parser.read();
    }
    if (failure) throw parseError(path, start.line, failure);
  };
  try {
    let offset = start.offset;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, offset).catch((error: unknown) => {
        throw csvFileError(path, error);
      });
      if (bytesRead === 0) break;
      offset += bytesRead;
      for (let at = 0; at < bytesRead; at += PARSE_BYTES) {
        parser.write(chunk.subarray(at, Math.min(at + PARSE_BYTES, bytesRead)));
        yield* drain();
      }
    }
    // The last row may have no line break: ending the input emits it (or the broken-quote error).
    await new Promise<void>((resolve) => {
      parser.once('finish', resolve);
      parser.once('error', () => resolve());
      parser.end();
    });
    yield* drain();
  } finally {
    parser.destroy();
  }
}

/** A quoting error makes the rest of the file ambiguous: refuse it, naming file and line. */
function parseError(path: string, startLine: number, error: Error): IntegrationError {
  // csv-parse counts lines from where this read began; say where that is in the file.
  const message = error.message.replace(/at line (\d+)/, (_, n: string) => `at line ${startLine - 1 + Number(n)}`);
  return new IntegrationError('unexpected_response', `${basename(path)}: ${message}`, {
    cause: error,
    details: { file: path },
  });
}
