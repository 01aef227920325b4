import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorMethods } from '../../../src/connectors';
import { csvConnector } from '../index';
import { CSV_ERROR_FIELD } from './csv-entities';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
let dir: string;

function build(entities: Record<string, unknown>): ConnectorMethods {
  return csvConnector.methods(csvConnector.configSchema.parse({ dir, entities }), { log: () => {} });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-client-'));
  await copyFile(join(fixtures, 'companies.csv'), join(dir, 'companies.csv'));
  await copyFile(join(fixtures, 'contacts.csv'), join(dir, 'contacts.csv'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const companies = { company: { file: 'companies.csv', updatedAtColumn: 'updated_at' } };

describe('CSV connector: bad rows', () => {
  it('delivers every row, and a row that is wrong in the file fails its schema naming line and column', async () => {
    const csv = build(companies);
    const { records } = await csv.listChanges!({ entity: 'company', since: null });
    expect(records.map((r) => r.id).sort()).toEqual(['1', '2', '3', '4', '5']);
    const schema = csvConnector.entities.company.schema;
    const failures = Object.fromEntries(
      records.map((r) => {
        const parsed = schema.safeParse(r.fields);
        return [r.id, parsed.success ? 'ok' : parsed.error.issues[0]?.message];
      }),
    );
    expect(failures).toEqual({
      '1': 'ok',
      '2': 'ok',
      '3': 'companies.csv line 4, column "numberofemployees": "about 30" is not a whole number',
      '4': 'companies.csv line 5, column "zip": expected 15 columns, got 7',
      '5': 'ok',
    });
    // The good values of a bad row are still there for history and the DLQ.
    expect(records.find((r) => r.id === '3')?.fields.name).toBe('Cedar Logistics');
  });

  it('counts lines from the start of a row when a quoted cell spans lines, and reports an unparseable date', async () => {
    await writeFile(
      join(dir, 'companies.csv'),
      'id,name,address,updated_at\n1,Acme,"1 Main St\nSuite 4",2026-01-01T00:00:00Z\n\n2,Beta,,yesterday\n',
    );
    const { records } = await build(companies).listChanges!({ entity: 'company', since: null });
    expect(records.find((r) => r.id === '1')?.fields.address).toBe('1 Main St\nSuite 4');
    expect(records.find((r) => r.id === '2')?.fields[CSV_ERROR_FIELD]).toBe(
      'companies.csv line 5, column "updated_at": "yesterday" is not a date',
    );
  });

  it('refuses a file whose quoting is broken, naming the file', async () => {
    await writeFile(join(dir, 'companies.csv'), 'id,name\n1,"Acme\n');
    await expect(build(companies).listChanges!({ entity: 'company', since: null })).rejects.toMatchObject({
      code: 'unexpected_response',
      message: expect.stringContaining('companies.csv'),
    });
  });
});

describe('CSV connector: files as a system', () => {
  it('reads and writes another delimiter, quoting cells that contain it', async () => {
    await writeFile(join(dir, 'eu.csv'), 'id;name;annualrevenue\n1;Acme;1000\n');
    const csv = csvConnector.methods(
      csvConnector.configSchema.parse({ dir, delimiter: ';', entities: { company: { file: 'eu.csv' } } }),
      { log: () => {} },
    );
    await csv.upsertBatch!('company', [{ key: 'k', id: '1', fields: { name: 'Acme; Söhne' } }]);
    expect(await readFile(join(dir, 'eu.csv'), 'utf8')).toBe('id;name;annualrevenue\n1;"Acme; Söhne";1000\n');
    expect((await csv.readByIds!('company', ['1']))[0]?.fields.name).toBe('Acme; Söhne');
    await expect(csv.listChanges!({ entity: 'company', since: 'last week' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('renames columns to entity fields and uses the file mtime without an updated-at column', async () => {
    await writeFile(join(dir, 'export.csv'), 'Record ID,Company Name,Website\n7,Acme,acme.example\n');
    const csv = build({
      company: { file: 'export.csv', idColumn: 'Record ID', columns: { 'Company Name': 'name', Website: 'domain' } },
    });
    const [record] = await csv.readByIds!('company', ['7', '8']);
    const { mtime } = await stat(join(dir, 'export.csv'));
    expect(record).toEqual({
      id: '7',
      updatedAt: mtime.toISOString(),
      fields: { name: 'Acme', domain: 'acme.example', hs_object_id: '7' },
    });
    expect(await csv.searchByKeys!('company', { domain: 'acme.example' })).toHaveLength(1);

    const [result] = await csv.upsertBatch!('company', [{ key: 'a', id: '7', fields: { name: 'Acme Corp' } }]);
    expect(result).toMatchObject({ ok: true, action: 'updated', record: { fields: { name: 'Acme Corp' } } });
    expect(await readFile(join(dir, 'export.csv'), 'utf8')).toBe(
      'Record ID,Company Name,Website\n7,Acme Corp,acme.example\n',
    );
  });

  it('keeps unknown columns and other rows byte for byte, writes atomically and leaves no temp file', async () => {
    const csv = build(companies);
    const results = await csv.upsertBatch!('company', [
      { key: 'new', fields: { name: 'Foxtrot, Ltd', city: 'Leeds' } },
      { key: 'upd', id: '1', fields: { city: 'Oakland' } },
      { key: 'bad', fields: { numberofemployees: 'lots' } },
    ]);
    expect(results.map((r) => (r.ok ? r.action : r.error.code))).toEqual(['created', 'updated', 'validation_failed']);
    expect(results[0]).toMatchObject({ record: { id: '6' } });
    const text = await readFile(join(dir, 'companies.csv'), 'utf8');
    expect(text).toContain(',keep me\n');
    expect(text).toMatch(/\n6,"Foxtrot, Ltd",,,,Leeds,.*\n$/);
    // The malformed row is written back as it was read, for a human to fix; it still fails.
    expect(text).toContain('\n4,Delta Foods,deltafoods.example,+1 312 555 0142,4 Lake St,Chicago,IL\n');
    const [delta] = await csv.readByIds!('company', ['4']);
    expect(delta?.fields[CSV_ERROR_FIELD]).toContain('line 5');
    expect(await readdir(dir)).toEqual(['companies.csv', 'contacts.csv']);
    const [refused] = await csv.upsertBatch!('company', [{ key: 'k', id: '4', fields: { city: 'Gary' } }]);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', message: expect.stringContaining('line 5') },
    });
    const [updated] = await csv.readByIds!('company', ['1']);
    expect(updated?.fields).toMatchObject({ city: 'Oakland', owner_note: 'keep me' });
  });

  it('reads a file that does not exist yet as empty, and creates it on the first write', async () => {
    const csv = build({ company: { file: 'new.csv', updatedAtColumn: 'updated_at' } });
    expect((await csv.listChanges!({ entity: 'company', since: null })).records).toEqual([]);
    const [result] = await csv.upsertBatch!('company', [{ key: 'k', fields: { name: 'First' } }]);
    expect(result).toMatchObject({ ok: true, record: { id: '1', fields: { name: 'First' } } });
    expect(await readFile(join(dir, 'new.csv'), 'utf8')).toMatch(/^id,updated_at,name\n1,\d{4}-.*Z,First\n$/);
  });
});
