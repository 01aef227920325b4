import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorMethods, ConnectorRecord } from '../../../src/connectors';
import { csvConnector } from '../index';
import { type CsvClientIo, createCsvClient } from './create-csv-client';
import { CSV_ERROR_FIELD } from './csv-entities';
import { decodePageToken } from './page-token';

let dir: string;
let logs: string[];

function build(options: Record<string, unknown> = {}, io: CsvClientIo = {}): ConnectorMethods {
  const config = csvConnector.configSchema.parse({
    dir,
    entities: { company: { file: 'companies.csv', updatedAtColumn: 'updated_at' } },
    ...options,
  });
  return createCsvClient(config, { log: (_level, message) => logs.push(message) }, io);
}

/** Every page of one query, with the token each page was asked with. */
async function drain(csv: ConnectorMethods, limit: number, since: string | null = null) {
  const records: ConnectorRecord[] = [];
  const tokens: (string | undefined)[] = [];
  let pageToken: string | undefined;
  do {
    tokens.push(pageToken);
    const page = await csv.listChanges!({ entity: 'company', since, limit, ...(pageToken ? { pageToken } : {}) });
    records.push(...page.records);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { records, tokens };
}

const byId = (records: ConnectorRecord[]) => [...records].sort((a, b) => Number(a.id) - Number(b.id));
const errors = (records: ConnectorRecord[]) =>
  Object.fromEntries(
    byId(records).flatMap((r) => (r.fields[CSV_ERROR_FIELD] ? [[r.id, r.fields[CSV_ERROR_FIELD]]] : [])),
  );

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-page-'));
  logs = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// BOM, CRLF between rows, LF and CRLF and doubled quotes inside quoted cells, a blank line, a
// row with a bad number and a short row on either side of page boundaries, no final newline.
const TRICKY = [
  '\ufeffid,name,address,numberofemployees,updated_at',
  '1,Acme,"1 Main St\r\nSuite 4",10,2026-01-01T00:00:00Z',
  '',
  '2,Beta,"multi\nline\nthree",x,2026-01-02T00:00:00Z',
  '3,Gamma',
  '4,"Delta ""quoted""",,5,2026-01-03T00:00:00Z',
  '5,Écho,"a\nb",7,2026-01-04T00:00:00Z',
].join('\r\n');

describe('CSV listChanges streaming', () => {
  it('gives the same records and error rows, with file line numbers, whatever the page size', async () => {
    await writeFile(join(dir, 'companies.csv'), TRICKY);
    const csv = build();
    const whole = await drain(csv, 500);
    expect(whole.tokens).toHaveLength(1);
    expect(errors(whole.records)).toEqual({
      '2': 'companies.csv line 5, column "numberofemployees": "x" is not a whole number',
      '3': 'companies.csv line 8, column "address": expected 5 columns, got 2',
    });
    expect(byId(whole.records).map((r) => r.fields.address)).toEqual([
      '1 Main St\r\nSuite 4',
      'multi\nline\nthree',
      null,
      null,
      'a\nb',
    ]);
    expect(whole.records.find((r) => r.id === '4')?.fields.name).toBe('Delta "quoted"');
    for (const limit of [1, 2, 3, 4]) {
      const paged = await drain(csv, limit);
      expect(paged.tokens.length).toBe(Math.ceil(5 / limit));
      expect(byId(paged.records)).toEqual(byId(whole.records));
    }
  });

  it('reads latin1 and UTF-16 files at exact byte offsets, and writes them back in their encoding', async () => {
    const text = 'id,name,city\n1,Müller,"Köln\nNord"\n2,Šťastný,Brno\n3,Ærø,Århus\n';
    await writeFile(join(dir, 'companies.csv'), Buffer.from(text, 'latin1'));
    const latin = build({ encoding: 'latin1', entities: { company: { file: 'companies.csv' } } });
    // Š and ť are not latin1: Node writes their low bytes, read back as other characters.
    const names = (await drain(latin, 1)).records.map((r) => [r.fields.name, r.fields.city]);
    expect(names).toEqual([
      ['Müller', 'Köln\nNord'],
      [Buffer.from('Šťastný', 'latin1').toString('latin1'), 'Brno'],
      ['Ærø', 'Århus'],
    ]);
    await latin.upsertBatch!('company', [{ key: 'k', id: '1', fields: { city: 'Düsseldorf' } }]);
    expect((await readFile(join(dir, 'companies.csv'))).includes(Buffer.from('Düsseldorf', 'latin1'))).toBe(true);

    // A BOM says UTF-16LE whatever the configuration says.
    await writeFile(join(dir, 'companies.csv'), Buffer.from(`\ufeff${text}`, 'utf16le'));
    const utf16 = build({ entities: { company: { file: 'companies.csv' } } });
    const paged = await drain(utf16, 1);
    expect(paged.tokens).toHaveLength(3);
    expect(paged.records.map((r) => r.fields.name)).toEqual(['Müller', 'Šťastný', 'Ærø']);
    await utf16.upsertBatch!('company', [{ key: 'k', id: '3', fields: { city: 'Aarhus' } }]);
    const written = await readFile(join(dir, 'companies.csv'));
    expect(written.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(written.toString('utf16le')).toContain('3,Ærø,Aarhus');
  });

  it('resumes after the same number of rows when the file is rewritten between pages, and says so', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => `${i + 1},Company ${i + 1},2026-01-0${i + 1}T00:00:00Z`);
    await writeFile(join(dir, 'companies.csv'), `id,name,updated_at\n${rows.join('\n')}\n`);
    const csv = build();
    const first = await csv.listChanges!({ entity: 'company', since: null, limit: 2 });
    expect(first.records.map((r) => r.id)).toEqual(['1', '2']);
    // Our own write renames a new file into place; row 1 grows, so every later offset moves.
    await csv.upsertBatch!('company', [{ key: 'k', id: '1', fields: { name: 'A much longer company name' } }]);
    const rest = await drain(csv, 2);
    expect(logs).toEqual([]);
    const second = await csv.listChanges!({
      entity: 'company',
      since: null,
      limit: 2,
      pageToken: first.nextPageToken!,
    });
    expect(second.records.map((r) => r.id)).toEqual(['3', '4']);
    expect(logs[0]).toMatch(/companies\.csv changed while it was being paged/);
    expect(rest.records).toHaveLength(6);
    // A file cut shorter than the position ends the read instead of failing it.
    await writeFile(join(dir, 'companies.csv'), `id,name,updated_at\n${rows[0]}\n`);
    expect(await csv.listChanges!({ entity: 'company', since: null, pageToken: second.nextPageToken! })).toEqual({
      records: [],
    });
  });

  it('filters by since in file order, each page oldest first', async () => {
    const at = ['2026-03-01', '2026-01-01', '2026-02-01', '2026-04-01', '2026-02-15'];
    await writeFile(
      join(dir, 'companies.csv'),
      `id,name,updated_at\n${at.map((d, i) => `${i + 1},C${i + 1},${d}T00:00:00Z`).join('\n')}\n`,
    );
    const { records, tokens } = await drain(build(), 2, '2026-02-01T00:00:00Z');
    expect(records.map((r) => r.id)).toEqual(['3', '1', '5', '4']);
    expect(tokens).toHaveLength(2);
  });

  it('bounds the rows an incremental page looks at: few changes in a big file come in pages of bounded work', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => `${i + 1},C${i + 1},2026-01-01T00:00:00Z`);
    rows.push('25001,Changed,2026-06-01T00:00:00Z');
    await writeFile(join(dir, 'companies.csv'), `id,name,updated_at\n${rows.join('\n')}\n`);
    const { records, tokens } = await drain(build(), 100, '2026-05-01T00:00:00Z');
    expect(records.map((r) => r.id)).toEqual(['25001']);
    expect(tokens).toHaveLength(3);
  });

  it('fails the page that reaches a broken quote with the line in the file, after the pages before it', async () => {
    const good = Array.from({ length: 4 }, (_, i) => `${i + 1},Company ${i + 1}`);
    await writeFile(join(dir, 'companies.csv'), `id,name\n${good.join('\n')}\n5,"Broken\n6,Fine\n`);
    const csv = build({ entities: { company: { file: 'companies.csv' } } });
    const first = await csv.listChanges!({ entity: 'company', since: null, limit: 4 });
    expect(first.records).toHaveLength(4);
    await expect(
      csv.listChanges!({ entity: 'company', since: null, limit: 4, pageToken: first.nextPageToken! }),
    ).rejects.toMatchObject({
      code: 'unexpected_response',
      message: 'companies.csv: Quote Not Closed: the parsing is finished with an opening quote at line 7',
    });
  });

  it('refuses a stray quote that would swallow the rest of a big file once the row passes 1 MB', async () => {
    const rest = Array.from({ length: 80_000 }, (_, i) => `${i + 2},Company ${i + 2}`).join('\n');
    await writeFile(join(dir, 'companies.csv'), `id,name\n1,"Broken\n${rest}\n`);
    const csv = build({ entities: { company: { file: 'companies.csv' } } });
    await expect(csv.listChanges!({ entity: 'company', since: null, limit: 10 })).rejects.toMatchObject({
      code: 'unexpected_response',
      message: expect.stringMatching(/^companies\.csv: Max Record Size/),
    });
  });

  it('pages through 200,000 rows, each page reading from its offset and at most one chunk past its rows', async () => {
    const path = join(dir, 'companies.csv');
    const out = createWriteStream(path);
    out.write('id,name,address,updated_at\n');
    for (let i = 1; i <= 200_000; i++) {
      const address = i % 997 === 0 ? `"${i} Main St\nFloor ${i % 7}"` : `${i} Main St`;
      out.write(`${i},"Company ${i}, Inc.",${address},2026-01-05T09:00:00Z\n`);
    }
    await new Promise((resolve) => out.end(resolve));
    const size = (await stat(path)).size;
    const reads: { position: number; bytes: number }[] = [];
    const csv = build(
      { maxPageSize: 1000 },
      {
        open: async (p) => {
          const handle = await open(p);
          return {
            stat: () => handle.stat(),
            close: () => handle.close(),
            read: async (buffer, offset, length, position) => {
              const result = await handle.read(buffer, offset, length, position);
              reads.push({ position, bytes: result.bytesRead });
              return result;
            },
          };
        },
      },
    );
    let pageToken: string | undefined;
    let count = 0;
    let pages = 0;
    let last = '';
    do {
      reads.length = 0;
      const page = await csv.listChanges!({
        entity: 'company',
        since: null,
        limit: 1000,
        ...(pageToken ? { pageToken } : {}),
      });
      if (pageToken) {
        const { offset } = decodePageToken(pageToken);
        // Nothing before the offset (the header travels in the token), and no more than the
        // page's rows plus one chunk of read-ahead after it.
        expect(Math.min(...reads.map((r) => r.position))).toBe(offset);
        const end = page.nextPageToken ? decodePageToken(page.nextPageToken).offset : size;
        expect(reads.reduce((n, r) => n + r.bytes, 0)).toBeLessThanOrEqual(end - offset + 64 * 1024);
      }
      count += page.records.length;
      last = page.records.at(-1)?.id ?? last;
      pages += 1;
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(count).toBe(200_000);
    expect(pages).toBe(200);
    expect(last).toBe('200000');
    // heapUsed is no proof here (uncollected garbage of earlier pages counts); the read log is.
  }, 60_000);
});
