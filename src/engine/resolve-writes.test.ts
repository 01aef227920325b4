import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockErpConnector } from '../../connectors/mock-erp';
import { createErpClient, type ErpClient } from '../../connectors/mock-erp/client/create-erp-client';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import type { ConnectorDefinition } from '../connectors';
import type { FlowRuntime } from './flow-runtime';
import { lookUpCreates, reapplyStale } from './resolve-writes';

let erp: ErpServer;
let client: ErpClient;
let flow: FlowRuntime;

beforeAll(async () => {
  erp = await startErpServer();
  client = createErpClient({ baseUrl: erp.url, token: 'dev-erp-token' });
  // Only what the two functions read of a flow: its target connector and entity.
  flow = {
    spec: { target: { entity: 'customer' } },
    target: {
      definition: mockErpConnector as unknown as ConnectorDefinition,
      name: 'erp',
      role: 'erp',
      methods: client,
    },
  } as unknown as FlowRuntime;
});
afterAll(async () => {
  await client.close();
  await erp.close();
});

describe('lookUpCreates (against the mock ERP)', () => {
  it('turns a create that already happened into an update of the record found by external reference', async () => {
    const [created] = await client.upsertBatch('customer', [
      { key: 'crm-1', fields: { displayName: 'Already There', externalId: 'crm-1' } },
    ]);
    const items = [
      { record: { id: 'crm-1', updatedAt: '', fields: {} }, item: { key: 'crm-1', fields: { displayName: 'X' } } },
      { record: { id: 'crm-2', updatedAt: '', fields: {} }, item: { key: 'crm-2', fields: { displayName: 'Y' } } },
    ];
    const { failed } = await lookUpCreates(flow, items);
    expect(failed).toEqual([]);
    expect(items[0]?.item).toMatchObject({ id: created?.ok ? created.record.id : 'missing' });
    expect(items[1]?.item).not.toHaveProperty('id');
  });

  it('reports a lookup the ERP refuses, so the create is not sent blind', async () => {
    erp.faults.configure({ forbiddenSets: ['customers'] });
    const items = [{ record: { id: 'crm-3', updatedAt: '', fields: {} }, item: { key: 'crm-3', fields: {} } }];
    const { failed } = await lookUpCreates(flow, items);
    erp.faults.configure({});
    expect(failed[0]?.error.code).toBe('permission_denied');
  });
});

describe('reapplyStale (against the mock ERP)', () => {
  it('re-reads a stale record and re-applies the update once', async () => {
    const [created] = await client.upsertBatch('customer', [{ key: 'k', fields: { displayName: 'Stale Co' } }]);
    if (!created?.ok) throw new Error('create failed');
    const { id, etag } = created.record;
    await client.upsertBatch('customer', [{ key: 'k', id, fields: { city: 'Elsewhere' } }]);
    const items = [{ key: 'k', id, etag: etag as string, fields: { city: 'Boston' } }];
    const first = await client.upsertBatch('customer', items);
    expect(first[0]).toMatchObject({ ok: false, error: { code: 'stale_etag' } });
    const results = await reapplyStale(flow, items, first);
    expect(results[0]).toMatchObject({ ok: true, action: 'updated', record: { fields: { city: 'Boston' } } });
  });
});
