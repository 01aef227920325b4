import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { type ConnectorInstance, type ConnectorMethods, describeZodEntity, requireCapability } from '../connectors';
import { IntegrationError } from '../errors';

/** What {@link exportRecords} reports after each page. */
export interface ExportProgress {
  rows: number;
  pages: number;
}

/**
 * Streams every record of one entity (changed since `since`, or all) from a connector to CSV:
 * a header of `id`, `updatedAt` and the entity's schema fields, one row per record, nested
 * values as JSON. One page is in memory at a time and writes wait for the file to drain, so
 * any entity, of any size, exports in constant memory. The file is opened (`open`) only once the
 * entity is known, so a mistyped entity neither truncates an existing file nor leaves a stream
 * opening after the command ended; a failure part-way destroys the stream.
 *
 * @example
 * const { rows } = await exportRecords(registry.get('erp'), 'customer', () => createWriteStream('c.csv'));
 */
export async function exportRecords(
  instance: ConnectorInstance,
  entity: string,
  open: () => Writable,
  options: { since?: string | null; pageSize?: number; onProgress?: (p: ExportProgress) => void } = {},
): Promise<ExportProgress> {
  const definition = instance.definition.entities[entity];
  if (!definition) {
    const known = Object.keys(instance.definition.entities).join(', ');
    throw new IntegrationError(
      'not_found',
      `connector "${instance.name}" has no entity "${entity}" (it has: ${known})`,
    );
  }
  const list = requireCapability(instance, 'listChanges');
  // Some schemas list `id` among their fields too; the record's own id comes first, once.
  const fields = describeZodEntity(entity, definition)
    .fields.map((f) => f.name)
    .filter((f) => f !== 'id' && f !== 'updatedAt');
  const csv = stringify({
    header: true,
    columns: ['id', 'updatedAt', ...fields],
    cast: { boolean: (v) => String(v), object: (v) => JSON.stringify(v), date: (v) => v.toISOString() },
  });
  const out = open();
  csv.pipe(out);
  try {
    return await writeAll(list, entity, fields, csv, out, options);
  } catch (error) {
    csv.destroy();
    out.destroy();
    throw error;
  }
}

async function writeAll(
  list: NonNullable<ConnectorMethods['listChanges']>,
  entity: string,
  fields: string[],
  csv: ReturnType<typeof stringify>,
  out: Writable,
  options: { since?: string | null; pageSize?: number; onProgress?: (p: ExportProgress) => void },
): Promise<ExportProgress> {
  const progress: ExportProgress = { rows: 0, pages: 0 };
  let pageToken: string | undefined;
  do {
    const page = await list({
      entity,
      since: options.since ?? null,
      limit: options.pageSize ?? 100,
      ...(pageToken ? { pageToken } : {}),
    });
    for (const record of page.records) {
      const row: Record<string, unknown> = { id: record.id, updatedAt: record.updatedAt };
      for (const field of fields) row[field] = record.fields[field];
      if (!csv.write(row)) await once(csv, 'drain');
    }
    progress.rows += page.records.length;
    progress.pages += 1;
    options.onProgress?.({ ...progress });
    pageToken = page.nextPageToken;
  } while (pageToken);
  csv.end();
  await finished(out);
  return progress;
}
