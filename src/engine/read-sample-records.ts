import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';

/**
 * Reads sample source records for a preview from JSON or CSV.
 * - JSON: an array of records (`{ id, fields, associations? }`) or of plain field objects.
 * - CSV: a header of field names; an `id` column names the record; `associations.<entity>`
 *   columns become associations (ids separated by `;`); empty cells are null.
 *
 * @example
 * const records = readSampleRecords('samples/companies.csv');
 */
export function readSampleRecords(path: string, text = readFileSync(path, 'utf8')): ConnectorRecord[] {
  const now = new Date().toISOString();
  if (/\.csv$/i.test(path)) {
    const rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
    return rows.map((row, i) => {
      const fields: Record<string, unknown> = {};
      const associations: Record<string, string[]> = {};
      for (const [column, value] of Object.entries(row)) {
        if (column.startsWith('associations.')) {
          associations[column.slice('associations.'.length)] = value.split(';').filter(Boolean);
        } else if (column !== 'id') fields[column] = value === '' ? null : value;
      }
      return { id: row.id || `row-${i + 1}`, updatedAt: now, fields, associations };
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IntegrationError('config_invalid', `${path}: not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new IntegrationError('config_invalid', `${path}: expected an array of records`);
  return value.map((entry: Record<string, unknown>, i) => {
    if (entry && typeof entry.fields === 'object' && entry.fields !== null) {
      return {
        id: String(entry.id ?? `row-${i + 1}`),
        updatedAt: String(entry.updatedAt ?? now),
        fields: entry.fields as Record<string, unknown>,
        ...(entry.associations ? { associations: entry.associations as Record<string, string[]> } : {}),
      };
    }
    return { id: String(entry?.id ?? entry?.hs_object_id ?? `row-${i + 1}`), updatedAt: now, fields: { ...entry } };
  });
}
