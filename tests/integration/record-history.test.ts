import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../src/api/create-admin-app';
import { runCli } from '../../src/cli/main';
import { loadEnv } from '../../src/config/env';
import { bindFlows, entityCatalog } from '../../src/engine';
import { buildRegistry } from '../../src/main';
import { loadMappings } from '../../src/mapping';
import { openDatabase, SqliteStateStore } from '../../src/store';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
type Json = any;
const TOKEN = 'viewer-token-history';
const FLOW = 'companies-to-customers';

describe('per-record history by system and id (API and CLI, real SQLite, shipped mappings)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-history-'));
  const env = { DATABASE_PATH: join(dir, 'bridge.db'), MAPPINGS_DIR: 'mappings' };
  const state = openDatabase(env.DATABASE_PATH);
  const store = new SqliteStateStore(state);
  // Building connector instances makes no call, so no system needs to run.
  const registry = buildRegistry(loadEnv(env), { crmUrl: 'http://127.0.0.1:9', erpUrl: 'http://127.0.0.1:9' });
  const flows = bindFlows(loadMappings('mappings', entityCatalog(registry)), registry);
  const app = createAdminApp({
    store,
    registry,
    flows: () => [],
    runtimes: () => flows,
    startRun: (flow, trigger) => store.startRun(flow, trigger),
    ready: () => true,
    tokens: [{ token: TOKEN, role: 'viewer' }],
    version: 'test',
  });
  const get = async (url: string) => {
    const response = await app.request(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const cli = async (...argv: string[]) => {
    let out = '';
    const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (out += t), env });
    return { code, out };
  };

  beforeAll(async () => {
    const first = await store.startRun(FLOW, 'initial');
    await store.commitPage({
      runId: first.id,
      flow: FLOW,
      kind: 'company',
      sourceSide: 'crm',
      links: [
        { sourceId: '101', targetId: 'C00042', sourceFingerprint: 's', writtenFingerprint: 'w', mappingVersion: '1-a' },
      ],
      history: [
        {
          sourceId: '101',
          targetId: 'C00042',
          action: 'created',
          after: { displayName: 'Acme' },
          mappingVersion: '1-a',
        },
      ],
      counts: { created: 1 },
      pageDone: true,
    });
    const second = await store.startRun(FLOW, 'poll');
    await store.commitPage({
      runId: second.id,
      flow: FLOW,
      kind: 'company',
      sourceSide: 'crm',
      links: [],
      history: [
        {
          sourceId: '101',
          action: 'failed',
          mappingVersion: '1-b',
          errorCode: 'mapping_failed',
          errorMessage: 'bad phone',
        },
      ],
      counts: { failed: 1 },
      pageDone: true,
    });
  });
  afterAll(async () => {
    state.close();
    await registry.closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the ERP customer through its xref and shows each attempt of the CRM company written to it', async () => {
    const { status, body } = await get('/history?system=erp&id=C00042');
    expect(status).toBe(200);
    expect(body.flows).toHaveLength(1);
    const [trail] = body.flows;
    expect(trail).toMatchObject({
      flow: FLOW,
      role: 'target',
      entity: 'customer',
      xref: { crmId: '101', erpId: 'C00042' },
    });
    expect(trail.history.map((h: Json) => [h.action, h.mappingVersion, h.errorCode ?? null])).toEqual([
      ['created', '1-a', null],
      ['failed', '1-b', 'mapping_failed'],
    ]);
    expect(trail.history[0].after).toEqual({ displayName: 'Acme' });

    const bySource = await get('/history?system=crm&id=101&entity=company');
    expect(bySource.body.flows[0]).toMatchObject({ flow: FLOW, role: 'source' });
    expect((await get('/history?system=crm&id=101&entity=contact')).body.flows).toEqual([]);
    expect((await get('/history?system=crm&id=404')).body.flows).toEqual([]);
  });

  it('answers bad queries with 4xx and a message', async () => {
    const noId = await get('/history?system=crm');
    expect(noId.status).toBe(400);
    expect(noId.body.error.message).toContain('query.id');
    expect((await get('/history?system=sap&id=1')).status).toBe(400);
    expect((await get('/history?system=crm&id=1&flow=nope')).status).toBe(404);
  });

  it('prints the same trail from the CLI without any system running', async () => {
    const text = await cli('history', '--system', 'erp', '--id', 'C00042');
    expect(text.code).toBe(0);
    expect(text.out).toContain(`${FLOW} (target, customer): crm 101 <-> erp C00042`);
    expect(text.out).toContain('mapping_failed: bad phone');
    const json = await cli('history', '--system', 'crm', '--id', '101', '--json');
    expect(JSON.parse(json.out).flows[0].history).toHaveLength(2);
    expect((await cli('history', '--system', 'sap', '--id', '1')).code).toBe(2);
  });
});
