import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { IntegrationError } from '../errors';

/**
 * Reads a CSV file with a header row into objects keyed by column name. Cells and headers are
 * trimmed (FEBRL and many exports put a space after each comma), a BOM is ignored, and rows
 * with a different number of cells are accepted as they are (missing cells are absent).
 *
 * @example
 * const rows = readCsvRows('crm-export.csv');
 */
export function readCsvRows(path: string): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new IntegrationError('config_invalid', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new IntegrationError('config_invalid', `${path}: not a CSV file: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
