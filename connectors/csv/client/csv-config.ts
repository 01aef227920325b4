import { z } from 'zod';

/** How one entity lives in a file: which file, which column is the id, what the columns are called. */
export const CsvEntityConfig = z.object({
  /** File name inside the folder, e.g. `companies.csv`. */
  file: z.string().min(1),
  /** Column holding the record id (after renames are applied this is still the file's header). */
  idColumn: z.string().min(1).default('id'),
  /** Column holding the last-modified instant; when absent, every row has the file's mtime. */
  updatedAtColumn: z.string().min(1).optional(),
  /** File header -> entity field, for exports whose headers differ (`Company Name` -> `name`). */
  columns: z.record(z.string(), z.string()).default({}),
  /** Entity -> column holding the associated record's id (a contact's `company_id` -> `company`). */
  associations: z.record(z.string(), z.string()).default({}),
});
export type CsvEntityConfig = z.infer<typeof CsvEntityConfig>;

/**
 * Instance config of the CSV connector: a folder and, per entity, its file. Defaults read
 * `companies.csv` and `contacts.csv` with `id` and `updated_at` columns (the file's mtime when
 * a file has no `updated_at`), and a contact's `company_id` as its company association.
 */
export const CsvConnectorConfig = z.object({
  dir: z.string().min(1),
  entities: z.object({ company: CsvEntityConfig.optional(), contact: CsvEntityConfig.optional() }).default({
    company: { file: 'companies.csv', idColumn: 'id', updatedAtColumn: 'updated_at', columns: {}, associations: {} },
    contact: {
      file: 'contacts.csv',
      idColumn: 'id',
      updatedAtColumn: 'updated_at',
      columns: {},
      associations: { company: 'company_id' },
    },
  }),
  /** Cell separator of every file (`;` for exports from a European-locale spreadsheet). */
  delimiter: z.string().length(1).default(','),
  /**
   * How the files are encoded when they have no byte order mark (a BOM says UTF-8 or UTF-16LE
   * whatever this says): `latin1` for exports from older Windows tools. Writes keep the encoding.
   */
  encoding: z.enum(['utf8', 'latin1', 'utf16le']).default('utf8'),
  /** Largest page `listChanges` returns. */
  maxPageSize: z.coerce.number().int().positive().default(500),
});
export type CsvConnectorConfig = z.infer<typeof CsvConnectorConfig>;
