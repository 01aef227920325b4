import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';

/** A lookup table: source value -> target value. */
export type LookupTable = Record<string, string | number | boolean | null>;

/**
 * Reads a value-map file from the mappings folder: YAML (a flat map) or CSV with a header
 * `from,to` (other columns are ignored, so RevOps can keep notes in the sheet).
 *
 * @example
 * loadLookup('mappings', 'lookups/industries.csv') // { ok: true, table: { RETAIL: 'RET', ... } }
 */
export function loadLookup(
  dir: string,
  file: string,
): { ok: true; table: LookupTable } | { ok: false; message: string } {
  const path = join(dir, file);
  if (!existsSync(path)) return { ok: false, message: `lookup file ${file} does not exist in ${dir}` };
  const text = readFileSync(path, 'utf8');
  try {
    if (file.endsWith('.csv')) {
      const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
        string,
        string
      >[];
      if (rows.length && (!('from' in rows[0]!) || !('to' in rows[0]!))) {
        return { ok: false, message: `lookup file ${file} needs a header row with columns "from" and "to"` };
      }
      return {
        ok: true,
        table: Object.fromEntries(rows.map((r) => [r.from ?? '', r.to === '' ? null : (r.to ?? null)])),
      };
    }
    const value = parseYaml(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, message: `lookup file ${file} must be a map of source value: target value` };
    }
    const bad = Object.entries(value).find(([, v]) => v !== null && typeof v === 'object');
    if (bad)
      return { ok: false, message: `lookup file ${file}: value of "${bad[0]}" must be text, a number or true/false` };
    return { ok: true, table: value as LookupTable };
  } catch (error) {
    return { ok: false, message: `lookup file ${file}: ${(error as Error).message.split('\n')[0]}` };
  }
}
