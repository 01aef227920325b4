import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorRecord } from '../../../src/connectors';
import {
  AuthError,
  NotFoundError,
  PermissionDeniedError,
  StaleEtagError,
  TransportError,
  ValidationError,
} from '../../../src/errors';
import { mockErpConnector } from '../index';
import { type ErpServer, startErpServer } from '../server/start-erp-server';
import { createErpClient, type ErpClient } from './create-erp-client';
import { ErpConnectorConfig } from './erp-config';
import { upsertResults } from './upsert-results';

const TOKEN = 'client-test-token';
let erp: ErpServer;
let client: ErpClient;

async function drain(first: Promise<{ records: ConnectorRecord[]; nextPageToken?: string }>, entity = 'customer') {
  const records: ConnectorRecord[] = [];
  let page = await first;
  let pages = 1;
  records.push(...page.records);
  while (page.nextPageToken) {
    page = await client.listChanges({ entity, since: null, pageToken: page.nextPageToken, limit: 5 });
    records.push(...page.records);
    pages += 1;
  }
  return { records, pages };
}

const { record: okRecord, error: failure } = upsertResults;

beforeAll(async () => {
  erp = await startErpServer({
    seed: { customers: 12, seed: 21 },
    tokens: { [TOKEN]: '*', 'contacts-only': ['contacts'] },
  });
  client = createErpClient({ baseUrl: erp.url, token: TOKEN, batchSize: 2, parallelBatches: 2 });
});
afterAll(async () => {
  await client.close();
  await erp.close();
});

describe('createErpClient against the mock ERP', () => {
  it('reads everything on the initial load, page by page, oldest change first', async () => {
    const { records, pages } = await drain(client.listChanges({ entity: 'customer', since: null, limit: 5 }));
    expect(records).toHaveLength(12);
    expect(pages).toBe(3);
    const [first] = records;
    expect(first).toMatchObject({
      id: first?.fields.id,
      updatedAt: first?.fields.lastModifiedDateTime,
      etag: expect.stringMatching(/^W\//),
    });
    expect(Object.keys(first?.fields ?? {}).some((key) => key.startsWith('@odata'))).toBe(false);
    const stamps = records.map((r) => r.updatedAt);
    expect([...stamps].sort()).toEqual(stamps);
    expect(mockErpConnector.entities.customer.schema.safeParse(first?.fields).success).toBe(true);
  });

  it('reads only what changed since the cursor (inclusive) on an incremental run', async () => {
    const { records } = await drain(client.listChanges({ entity: 'customer', since: null, limit: 5 }));
    const cursor = records.at(-1)?.updatedAt as string;
    const [a, b] = records;
    for (const record of [a, b]) erp.store.update('customers', record?.id as string, { city: 'Changed' });
    const changes = await client.listChanges({ entity: 'customer', since: cursor });
    expect(changes.records.map((r) => r.id)).toEqual([records.at(-1)?.id, a?.id, b?.id]);
    expect(changes.nextPageToken).toBeUndefined();
  });

  it('creates, then updates, with one result per item and the bad item naming its field', async () => {
    const created = await client.upsertBatch('customer', [
      { key: 'crm-1', fields: { displayName: 'Client Co One', email: 'one@client.example', website: null } },
      { key: 'crm-2', fields: { displayName: 'Client Co Two', email: 'not an email' } },
      { key: 'crm-3', fields: { displayName: 'Client Co Three', taxRegistrationNumber: "US-O'REILLY" } },
    ]);
    expect(created.map((r) => [r.key, r.ok])).toEqual([
      ['crm-1', true],
      ['crm-2', false],
      ['crm-3', true],
    ]);
    expect(created[0]).toMatchObject({ action: 'created' });
    const one = okRecord(created[0]);
    expect(one.fields).toMatchObject({ displayName: 'Client Co One', website: '' });
    const invalid = failure(created[1]);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fieldErrors).toEqual([
      { field: 'email', message: expect.stringContaining('not a valid e-mail') },
    ]);

    const updated = await client.upsertBatch('customer', [
      { key: 'crm-1', id: one.id, etag: one.etag as string, fields: { city: 'Seattle' } },
      { key: 'crm-1-again', id: one.id, etag: one.etag as string, fields: { city: 'Boston' } },
      { key: 'crm-x', id: '00000000-0000-4000-8000-00000000beef', fields: { city: 'Nowhere' } },
    ]);
    expect(updated[0]).toMatchObject({ ok: true, action: 'updated', record: { fields: { city: 'Seattle' } } });
    expect(failure(updated[1])).toBeInstanceOf(StaleEtagError);
    expect(failure(updated[2])).toBeInstanceOf(NotFoundError);
    expect(okRecord(updated[0]).etag).not.toBe(one.etag);
  });

  it('links contacts to customers and exposes the link as an association', async () => {
    const [customer] = await client.searchByKeys('customer', { displayName: 'client co one' });
    const [result] = await client.upsertBatch('contact', [
      { key: 'c-1', fields: { displayName: 'Dana Scully', email: 'dana@client.example', customerId: customer?.id } },
    ]);
    expect(okRecord(result).associations).toEqual({ customer: [customer?.id] });
  });

  it('reads by ids in the caller order, leaving out ids that do not exist', async () => {
    const { records } = await drain(client.listChanges({ entity: 'customer', since: null, limit: 5 }));
    const ids = [
      records[5]?.id,
      'not-a-guid',
      records[1]?.id,
      '00000000-0000-4000-8000-000000000000',
      records[5]?.id,
    ] as string[];
    const read = await client.readByIds('customer', ids);
    expect(read.map((r) => r.id)).toEqual([records[5]?.id, records[1]?.id]);
  });

  it('searches by keys, OR-ing them, with quotes escaped', async () => {
    const found = await client.searchByKeys('customer', {
      email: 'ONE@client.example',
      taxRegistrationNumber: "US-O'REILLY",
      website: '',
    });
    expect(found.map((r) => r.fields.displayName).sort()).toEqual(['Client Co One', 'Client Co Three']);
    expect(await client.searchByKeys('customer', { email: 'nobody@nowhere.example' })).toEqual([]);
    await expect(client.searchByKeys('customer', { city: 'Boston' })).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('looks the company up once and reports health', async () => {
    expect(await client.health()).toEqual({ ok: true, detail: '1 company' });
    const stats = erp.stats.snapshot();
    // One lookup for the company id, one for health: the id is cached.
    expect(stats.byRoute['GET companies']).toBe(2);
  });
});

describe('error mapping against the mock ERP', () => {
  it('maps 401 to AuthError without leaking the token', async () => {
    const bad = createErpClient({ baseUrl: erp.url, token: 'wrong-secret-token', companyId: erp.companyId });
    const error = await bad.listChanges({ entity: 'customer', since: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(JSON.stringify(error)).not.toContain('wrong-secret-token');
    expect(String((error as Error).message)).toContain('Authentication_InvalidCredentials');
    expect(await bad.health()).toMatchObject({ ok: false });
    await bad.close();
  });

  it('maps 403 to PermissionDeniedError, for reads and for every item of a batch', async () => {
    const limited = createErpClient({ baseUrl: erp.url, token: 'contacts-only' });
    await expect(limited.listChanges({ entity: 'customer', since: null })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    const results = await limited.upsertBatch('customer', [
      { key: 'a', fields: { displayName: 'A' } },
      { key: 'b', fields: { displayName: 'B' } },
    ]);
    expect(results.map((r) => !r.ok && r.error)).toEqual([
      expect.any(PermissionDeniedError),
      expect.any(PermissionDeniedError),
    ]);
    await limited.close();
  });

  it('retries a refused connection, then fails with a non-ambiguous TransportError', async () => {
    const stopped = await startErpServer();
    const url = stopped.url;
    await stopped.close();
    const warnings: unknown[] = [];
    const offline = createErpClient(
      { baseUrl: url, token: TOKEN, companyId: erp.companyId, retries: 2, retryDelayMs: 1 },
      { log: (level, _message, data) => level === 'warn' && warnings.push(data) },
    );
    const results = await offline.upsertBatch('customer', [{ key: 'k', fields: { displayName: 'Never' } }]);
    const error = failure(results[0]);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ ambiguous: false, code: 'transport' });
    expect(warnings).toHaveLength(2);
    await offline.close();
  });

  it('reports a write whose answer was dropped after commit as ambiguous; the record exists', async () => {
    const dropping = await startErpServer({ faults: { dropAfterCommitRate: 1 } });
    const writer = createErpClient({ baseUrl: dropping.url, token: 'dev-erp-token', retryDelayMs: 1 });
    const [result] = await writer.upsertBatch('customer', [{ key: 'k', fields: { displayName: 'Maybe Written' } }]);
    expect(failure(result)).toMatchObject({ ambiguous: true, code: 'timeout' });
    expect(dropping.stats.snapshot().byRoute['POST $batch']).toBe(1);
    // The engine resolves the ambiguity by looking the record up.
    expect(await writer.searchByKeys('customer', { displayName: 'Maybe Written' })).toHaveLength(1);
    await writer.close();
    await dropping.close();
  });

  it('is what mockErpConnector builds from validated config', () => {
    const config = ErpConnectorConfig.parse({ baseUrl: erp.url, token: TOKEN });
    expect(config).toMatchObject({ batchSize: 100, parallelBatches: 4, timeoutMs: 30_000 });
    const methods = mockErpConnector.methods(config, { log: () => undefined });
    expect(typeof methods.upsertBatch).toBe('function');
    expect(() => createErpClient({ baseUrl: 'not a url', token: '' })).toThrow(/baseUrl.*token|config/);
  });
});
