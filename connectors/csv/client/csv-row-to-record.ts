import type { ConnectorRecord } from '../../../src/connectors';
import type { CsvEntityConfig } from './csv-config';
import { CSV_ERROR_FIELD, ROW_ID_FIELD, VALUE_CHECKS } from './csv-entities';
import type { CsvRow } from './csv-table';

/**
 * Turns one parsed row into a record: id and `updatedAt` from their columns, renamed fields,
 * empty cells as null, and every problem of the row (shape, unparsable values, missing id)
 * in `CSV_ERROR_FIELD` so the schema refuses it with file, line and column. Pure: every read
 * (streamed pages, readByIds, searchByKeys, the table an upsert rewrites) goes through it.
 *
 * @example
 * csvRowToRecord('company', spec, ['id', 'name'], { line: 2, cells: ['1', 'Acme'] }, new Date());
 */
export function csvRowToRecord(
  entity: string,
  spec: CsvEntityConfig,
  header: string[],
  row: CsvRow,
  mtime: Date,
): ConnectorRecord {
  const problems: string[] = row.problem ? [row.problem] : [];
  const fields: Record<string, unknown> = {};
  const file = spec.file;
  let id = '';
  let updatedAt = mtime.toISOString();
  header.forEach((column, index) => {
    const raw = row.cells[index];
    if (column === spec.idColumn) {
      id = raw ?? '';
      return;
    }
    if (column === spec.updatedAtColumn) {
      const when = raw ? new Date(raw) : undefined;
      if (when && !Number.isNaN(when.getTime())) updatedAt = when.toISOString();
      else if (raw) problems.push(`${file} line ${row.line}, column "${column}": "${raw}" is not a date`);
      return;
    }
    const field = spec.columns[column] ?? column;
    const value = raw === undefined || raw === '' ? null : raw;
    const problem = value === null ? undefined : VALUE_CHECKS[entity]?.[field]?.(value);
    if (problem) problems.push(`${file} line ${row.line}, column "${column}": ${problem}`);
    fields[field] = value;
  });
  // A row without an id still comes through, under its line, so the failure is visible.
  if (!id) {
    problems.push(`${file} line ${row.line}, column "${spec.idColumn}": the id is empty`);
    id = `line-${row.line}`;
  }
  if (problems.length > 0) fields[CSV_ERROR_FIELD] = problems.join('; ');
  if (!(ROW_ID_FIELD in fields)) fields[ROW_ID_FIELD] = id;
  const associations = Object.fromEntries(
    Object.entries(spec.associations).flatMap(([other, column]) => {
      const value = row.cells[header.indexOf(column)];
      return header.includes(column) && value ? [[other, [value]]] : [];
    }),
  );
  return Object.keys(associations).length > 0 ? { id, updatedAt, fields, associations } : { id, updatedAt, fields };
}
