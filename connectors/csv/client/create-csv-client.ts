import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type {
  ChangePage,
  ConnectorContext,
  ConnectorMethods,
  ConnectorRecord,
  UpsertItem,
  UpsertResult,
} from '../../../src/connectors';
import { IntegrationError, NotFoundError, ValidationError } from '../../../src/errors';
import type { CsvConnectorConfig, CsvEntityConfig } from './csv-config';
import { ROW_ID_FIELD, VALUE_CHECKS } from './csv-entities';
import { csvRowToRecord } from './csv-row-to-record';
import { readCsvTable, writeCsvTable } from './csv-table';
import { decodePageToken, encodePageToken } from './page-token';
import { type CsvFileHandle, readCsvPage } from './read-csv-page';

/** Rows an incremental page looks at, at least, before it returns what it found. */
const MIN_SCAN_ROWS = 10_000;

/** Hooks for tests: how files are opened for reading (to count the bytes a page reads). */
export interface CsvClientIo {
  open?: (path: string) => Promise<CsvFileHandle>;
}

/**
 * Builds the CSV connector's methods over a folder. Every call reads the file afresh (the
 * file is the system: someone may re-export it at any time); reads stream, so memory follows
 * the page size, not the file; writes of one instance are serialised so two batches never
 * interleave their read-modify-write.
 *
 * @example
 * const csv = createCsvClient({ dir: '/exports', entities: { company: { file: 'companies.csv', idColumn: 'id', columns: {} } }, maxPageSize: 500 }, context);
 * const page = await csv.listChanges!({ entity: 'company', since: null });
 */
export function createCsvClient(
  config: CsvConnectorConfig,
  context: ConnectorContext,
  io: CsvClientIo = {},
): ConnectorMethods {
  let writes: Promise<unknown> = Promise.resolve();
  // Two writes in the same millisecond must still move updatedAt forward, or an incremental
  // read with an inclusive `since` could not tell the second edit from the first.
  let lastStamp = 0;
  const stamp = () => {
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };
  const entityConfig = (entity: string): CsvEntityConfig => {
    const found = (config.entities as Record<string, CsvEntityConfig | undefined>)[entity];
    if (!found)
      throw new IntegrationError('not_found', `the CSV connector has no file configured for entity "${entity}"`);
    return found;
  };
  const load = async (entity: string) => {
    const spec = entityConfig(entity);
    const path = join(config.dir, spec.file);
    const table = await readCsvTable(path, config.delimiter, config.encoding);
    const records = table.rows.map((row) => csvRowToRecord(entity, spec, table.header, row, table.mtime));
    return { spec, path, table, records };
  };
  /** Streams rows from `from` (or the top) into records, keeping those `keep` wants, up to `limit`. */
  const scan = async (
    entity: string,
    limit: number,
    keep: (record: ConnectorRecord) => boolean,
    from?: ReturnType<typeof decodePageToken>,
    scanLimit?: number,
  ) => {
    const spec = entityConfig(entity);
    const path = join(config.dir, spec.file);
    const records: ConnectorRecord[] = [];
    const page = await readCsvPage(path, {
      delimiter: config.delimiter,
      encoding: config.encoding,
      limit,
      ...(from ? { from } : {}),
      ...(scanLimit ? { scanLimit } : {}),
      ...(io.open ? { open: io.open } : {}),
      accept: (row, header, mtime) => {
        const record = csvRowToRecord(entity, spec, header, row, mtime);
        return keep(record) && records.push(record) > 0;
      },
    });
    if (page.restarted) {
      context.log('warn', `${spec.file} changed while it was being paged; resumed after the same number of rows`, {
        file: spec.file,
        row: from?.row,
      });
    }
    return { records, next: page.next };
  };
  return {
    async listChanges({ entity, since, pageToken, limit }): Promise<ChangePage> {
      const from = since === null ? null : new Date(since);
      if (from && Number.isNaN(from.getTime())) throw new ValidationError(`since "${since}" is not a date`, []);
      const bound = from?.toISOString();
      const size = Math.min(limit ?? config.maxPageSize, config.maxPageSize);
      const page = await scan(
        entity,
        size,
        (r) => bound === undefined || r.updatedAt >= bound,
        pageToken ? decodePageToken(pageToken) : undefined,
        // An incremental read of a big file with few changes: pages (maybe empty) of bounded
        // work instead of one job that parses the whole file.
        bound === undefined ? undefined : Math.max(MIN_SCAN_ROWS, size * 20),
      );
      // Pages follow the file; within a page, oldest first. The engine keeps the greatest
      // updatedAt of the whole read as its cursor, so order across pages does not matter to it.
      const records = page.records.sort((a, b) =>
        a.updatedAt === b.updatedAt ? compare(a.id, b.id) : compare(a.updatedAt, b.updatedAt),
      );
      return page.next ? { records, nextPageToken: encodePageToken(page.next) } : { records };
    },

    async readByIds(entity, ids) {
      const wanted = new Set(ids);
      return (await scan(entity, Number.POSITIVE_INFINITY, (r) => wanted.has(r.id))).records;
    },

    async searchByKeys(entity, keys) {
      const pairs = Object.entries(keys).filter(([, value]) => value !== '');
      return (await scan(entity, Number.POSITIVE_INFINITY, (r) => pairs.some(([f, v]) => r.fields[f] === v))).records;
    },

    upsertBatch(entity, items) {
      const run = writes.then(() => upsert(entity, items));
      writes = run.catch(() => {});
      return run;
    },

    async health() {
      try {
        // The header and first page parse: enough to know the file is there and readable.
        await Promise.all(Object.keys(config.entities).map((entity) => scan(entity, 1, () => true)));
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
  };

  async function upsert(entity: string, items: readonly UpsertItem[]): Promise<UpsertResult[]> {
    const { spec, path, table } = await load(entity);
    const header = table.header.length > 0 ? [...table.header] : [spec.idColumn];
    if (spec.updatedAtColumn && !header.includes(spec.updatedAtColumn)) header.push(spec.updatedAtColumn);
    const columnOf = (field: string) => Object.entries(spec.columns).find(([, f]) => f === field)?.[0] ?? field;
    const rows = table.rows.map((row) => [...row.cells]);
    const idIndex = header.indexOf(spec.idColumn);
    const now = stamp();
    const results: UpsertResult[] = [];
    for (const item of items) {
      const invalid = invalidFields(entity, item.fields);
      if (invalid.length > 0) {
        results.push({ key: item.key, ok: false, error: validationError(invalid) });
        continue;
      }
      let row = item.id === undefined ? undefined : rows.find((r) => r[idIndex] === item.id);
      if (item.id !== undefined && !row) {
        results.push({
          key: item.key,
          ok: false,
          error: new NotFoundError(`${spec.file}: no row with ${spec.idColumn} ${item.id}`),
        });
        continue;
      }
      const rowIndex = row ? rows.indexOf(row) : -1;
      const malformed = rowIndex >= 0 ? table.rows[rowIndex]?.problem : undefined;
      if (malformed) {
        // Writing into a row whose cells are shifted would put values under the wrong headers.
        const error = new ValidationError(`${malformed}; fix the row before the bridge writes to it`, [
          { field: spec.idColumn, message: malformed },
        ]);
        results.push({ key: item.key, ok: false, error });
        continue;
      }
      const action = row ? 'updated' : 'created';
      if (!row) {
        row = header.map(() => '');
        row[idIndex] = nextId(rows.map((r) => r[idIndex] ?? ''));
        rows.push(row);
      }
      for (const [field, value] of Object.entries(item.fields)) {
        const column = columnOf(field);
        if (column === spec.idColumn || (field === ROW_ID_FIELD && !header.includes(column))) continue;
        let index = header.indexOf(column);
        // A field the file has no column for becomes a new column; other rows get an empty cell.
        if (index < 0) {
          header.push(column);
          index = header.length - 1;
        }
        while (row.length < header.length) row.push('');
        row[index] = value === null || value === undefined ? '' : String(value);
      }
      if (spec.updatedAtColumn) row[header.indexOf(spec.updatedAtColumn)] = now;
      results.push({ key: item.key, ok: true, action, record: { id: row[idIndex] ?? '', updatedAt: now, fields: {} } });
    }
    // Well-formed rows grow with new columns; a row that was the wrong width stays as it was, so
    // the next read still reports it instead of the write quietly "fixing" it with empty cells.
    const ragged = new Set(table.rows.flatMap((row, i) => (row.problem ? [rows[i]] : [])));
    for (const row of rows) if (!ragged.has(row)) while (row.length < header.length) row.push('');
    await writeCsvTable(path, header, rows, config.delimiter, table);
    // Return what a read now sees (renamed fields, the file's updatedAt), not what was asked.
    const written = (await load(entity)).records;
    return results.map((result) => {
      if (!result.ok) return result;
      const record = written.find((r) => r.id === result.record.id);
      return record ? { ...result, record } : result;
    });
  }
}

function invalidFields(entity: string, fields: Record<string, unknown>): { field: string; message: string }[] {
  const invalid: { field: string; message: string }[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value !== null && value !== undefined && typeof value === 'object') {
      invalid.push({ field, message: 'a CSV cell holds a string, number or boolean, not an object' });
      continue;
    }
    const problem = value === null || value === undefined ? undefined : VALUE_CHECKS[entity]?.[field]?.(String(value));
    if (problem) invalid.push({ field, message: problem });
  }
  return invalid;
}

function validationError(fieldErrors: { field: string; message: string }[]): IntegrationError {
  return new ValidationError(fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '), fieldErrors);
}

/** The next id: one past the largest when every id is a number (an export's row ids), else a UUID. */
function nextId(ids: string[]): string {
  const present = ids.filter(Boolean);
  if (present.every((id) => /^\d+$/.test(id)))
    return String(present.reduce((max, id) => Math.max(max, Number(id)), 0) + 1);
  return randomUUID();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
