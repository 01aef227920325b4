import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const ADMIN = 'preview-filter-admin-token';
const FILTERED = 'Filtered Out Inc';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON bodies, read field by field in assertions
type Json = Record<string, any>;

// The shipped customer flow with a filter and write: create-once, on real mocks and SQLite: the
// preview (engine, HTTP and CLI) must skip and leave unchanged exactly what the next run does.
describe('mapping preview applies the flow filter and write mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-preview-filter-'));
  const mappings = join(dir, 'mappings');
  const flowFile = join(mappings, 'companies-to-customers.yaml');
  const vars = {
    DATABASE_PATH: join(dir, 'bridge.db'),
    MAPPINGS_DIR: mappings,
    PORT: '0',
    MOCK_CRM_PORT: '0',
    MOCK_ERP_PORT: '0',
    SEED_COMPANIES: '4',
    SEED_CONTACTS: '0',
    ADMIN_TOKENS: ADMIN,
  };
  let bridge: RunningBridge;
  let filteredId: string;
  let renamedId: string;

  const call = async (url: string, token: string, init: RequestInit = {}): Promise<Json> => {
    const res = await fetch(url, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    const body = (await res.json()) as Json;
    if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const erpWrites = async () =>
    ((await (await fetch(`${bridge.erpUrl}/__admin/stats`)).json()) as Json).writes as number;

  beforeAll(async () => {
    cpSync('mappings', mappings, { recursive: true });
    const shipped = readFileSync(flowFile, 'utf8');
    expect(shipped).toContain('\nownership:');
    writeFileSync(
      flowFile,
      shipped.replace('\nownership:', `\nfilter: source.name != "${FILTERED}"\nwrite: create-once\nownership:`),
    );
    bridge = await startBridge(loadEnv(vars), createLogger({ level: 'error' }));
    expect(bridge.initialRuns[0]).toMatchObject({ flow: 'companies-to-customers', created: 4 });
    const list = await call(`${bridge.crmUrl}/crm/v3/objects/companies?limit=2`, bridge.env.CRM_TOKEN);
    [filteredId, renamedId] = (list.results as { id: string }[]).map((r) => r.id) as [string, string];
    for (const [id, name] of [
      [filteredId, FILTERED],
      [renamedId, 'Renamed After Create Inc'],
    ]) {
      await call(`${bridge.crmUrl}/crm/v3/objects/companies/${id}`, bridge.env.CRM_TOKEN, {
        method: 'PATCH',
        body: JSON.stringify({ properties: { name } }),
      });
    }
  }, 60_000);
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /mappings/preview shows the filtered record skipped and the linked create-once record unchanged, with reasons', async () => {
    const writes = await erpWrites();
    const preview = await call(`${bridge.adminUrl}/mappings/preview`, ADMIN, {
      method: 'POST',
      body: JSON.stringify({ flow: 'companies-to-customers', ids: [filteredId, renamedId] }),
    });
    expect(preview.rows).toEqual([
      {
        sourceId: filteredId,
        action: 'skipped',
        targetId: expect.any(String),
        changes: [],
        reason: `filter is false: source.name != "${FILTERED}"`,
        errorCode: 'filtered',
      },
      {
        sourceId: renamedId,
        action: 'no-op',
        targetId: expect.any(String),
        changes: [],
        reason: 'write: create-once and the record was already created; it is never updated',
      },
    ]);

    // The same records under an edited mapping without filter and write mode: both would update.
    const edited = readFileSync(flowFile, 'utf8').replace(/\nfilter: .*\nwrite: create-once/, '');
    const without = await call(`${bridge.adminUrl}/mappings/preview`, ADMIN, {
      method: 'POST',
      body: JSON.stringify({ flow: 'companies-to-customers', ids: [filteredId, renamedId], yaml: edited }),
    });
    expect(without.rows.map((r: Json) => [r.action, r.changes.map((c: Json) => c.field)])).toEqual([
      ['update', ['displayName']],
      ['update', ['displayName']],
    ]);
    // Sample records that would be new are still creates under create-once, unless filtered.
    const samples = await call(`${bridge.adminUrl}/mappings/preview`, ADMIN, {
      method: 'POST',
      body: JSON.stringify({
        flow: 'companies-to-customers',
        records: [
          { id: 'new-1', fields: { name: 'Brand New Co' } },
          { id: 'new-2', fields: { name: FILTERED } },
        ],
      }),
    });
    expect(samples.rows.map((r: Json) => r.action)).toEqual(['create', 'skipped']);
    expect(await erpWrites()).toBe(writes);
  });

  it('bridge mappings preview prints the same, and the run then skips and leaves unchanged exactly those', async () => {
    const env = { ...vars, CRM_BASE_URL: bridge.crmUrl, ERP_BASE_URL: bridge.erpUrl };
    let out = '';
    const code = await runCli(
      ['mappings', 'preview', 'companies-to-customers', '--ids', `${filteredId},${renamedId}`],
      {
        out: (t) => (out += t),
        err: () => {},
        env,
      },
    );
    expect(code).toBe(0);
    expect(out).toContain(`skipped ${filteredId}`);
    expect(out).toContain(`filter is false: source.name != "${FILTERED}"`);
    expect(out).toContain(`no-op   ${renamedId}`);
    expect(out).toContain('write: create-once');

    const writes = await erpWrites();
    const [run] = await bridge.engine.syncAll('manual');
    expect(run).toMatchObject({ flow: 'companies-to-customers', read: 2, skipped: 1, unchanged: 1, failed: 0 });
    expect(await erpWrites()).toBe(writes);
    const history = await bridge.store.history('companies-to-customers', filteredId);
    expect(history.at(-1)).toMatchObject({ action: 'skipped', errorCode: 'filtered' });
  });
});
