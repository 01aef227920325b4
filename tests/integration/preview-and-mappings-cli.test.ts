import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { runCliCaptured } from '../../src/cli/testkit/run-cli-captured';
import { loadEnv } from '../../src/config/env';
import { bindFlows, checkSchemaDrift, entityCatalog, type FlowRuntime, previewFlow } from '../../src/engine';
import { type RunningBridge, startBridge } from '../../src/main';
import { loadMappings } from '../../src/mapping';
import { createLogger } from '../../src/observability/logger';

// Real mock servers on free ports and a real SQLite file: preview must read the same systems a
// sync writes to, and prove it wrote nothing through the mock ERP's own write counter.
describe('mapping preview, drift check and the mappings CLI against live mocks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-preview-'));
  const vars = {
    DATABASE_PATH: join(dir, 'bridge.db'),
    PORT: '0',
    MOCK_CRM_PORT: '0',
    MOCK_ERP_PORT: '0',
    SEED_COMPANIES: '8',
    SEED_CONTACTS: '10',
    SYNC_ONCE: 'true',
  };
  let bridge: RunningBridge;
  let flow: FlowRuntime;
  const crm = () =>
    axios.create({ baseURL: bridge.crmUrl, headers: { authorization: `Bearer ${bridge.env.CRM_TOKEN}` } });
  const erpWrites = async () => (await axios.get(`${bridge.erpUrl}/__admin/stats`)).data.writes as number;
  const cli = (...argv: string[]) =>
    runCliCaptured(argv, { ...vars, CRM_BASE_URL: bridge.crmUrl, ERP_BASE_URL: bridge.erpUrl });

  beforeAll(async () => {
    bridge = await startBridge(loadEnv(vars), createLogger({ level: 'error' }));
    const flows = bindFlows(loadMappings('mappings', entityCatalog(bridge.registry)), bridge.registry);
    flow = flows.find((f) => f.name === 'companies-to-customers')!;
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the one changed field as an update, the rest as no-op, and writes nothing', async () => {
    const list = await crm().get('/crm/v3/objects/companies', { params: { limit: 3, properties: 'city' } });
    const [changed, same] = list.data.results as { id: string; properties: { city: string | null } }[];
    await crm().post('/crm/v3/objects/companies/batch/update', {
      inputs: [{ id: changed!.id, properties: { city: '  Springfield  ' } }],
    });
    const writesBefore = await erpWrites();

    const rows = await previewFlow(flow, bridge.store, { ids: [changed!.id, same!.id] });

    expect(rows[0]).toMatchObject({ sourceId: changed!.id, action: 'update', targetId: expect.any(String) });
    expect(rows[0]?.changes).toEqual([{ field: 'city', before: expect.any(String), after: 'Springfield' }]);
    expect(rows[0]?.payload?.city).toBe('Springfield');
    expect(rows[1]).toMatchObject({ sourceId: same!.id, action: 'no-op', changes: [] });
    expect(await erpWrites()).toBe(writesBefore);
  });

  it('previews sample records as creates, and failures with the field and value named', async () => {
    const rows = await previewFlow(flow, bridge.store, {
      records: [
        { id: 'new-1', updatedAt: '2026-01-01T00:00:00Z', fields: { name: ' New  Co ', phone: '(212) 555-0101' } },
        { id: 'new-2', updatedAt: '2026-01-01T00:00:00Z', fields: { name: 'Bad Co', phone: '12' } },
      ],
    });
    expect(rows[0]).toMatchObject({
      action: 'create',
      payload: { displayName: 'New Co', phoneNumber: '+12125550101' },
    });
    expect(rows[0]?.changes).toContainEqual({ field: 'displayName', before: undefined, after: 'New Co' });
    expect(rows[1]).toMatchObject({ action: 'failed', errorCode: 'mapping_failed' });
    expect(rows[1]?.reason).toMatch(
      /field phoneNumber \(mappings\/companies-to-customers\.yaml:\d+\): "12" is not a phone number/,
    );
  });

  it('reports fields the target owns as refused by ownership', async () => {
    const list = await crm().get('/crm/v3/objects/companies', { params: { limit: 1 } });
    const id = (list.data.results[0] as { id: string }).id;
    await crm().post('/crm/v3/objects/companies/batch/update', {
      inputs: [{ id, properties: { city: 'Shelbyville' } }],
    });
    const owned: FlowRuntime = {
      ...flow,
      spec: { ...flow.spec, ownership: { master: 'source', fields: { city: 'target' }, conflictPolicy: 'flag' } },
    };
    const [row] = await previewFlow(owned, bridge.store, { ids: [id] });
    expect(row).toMatchObject({ action: 'refused', errorCode: 'ownership_refused' });
    expect(row?.changes[0]).toMatchObject({ field: 'city', after: 'Shelbyville', refused: 'erp owns city' });
    expect(row?.payload).not.toHaveProperty('city');
  });

  it('bridge mappings preview --next and --file print the same kind of rows, --json included', async () => {
    const writesBefore = await erpWrites();
    const next = await cli('mappings', 'preview', 'companies-to-customers', '--next', '3', '--json');
    expect(next.err).toBe('');
    expect(next.code).toBe(0);
    const parsed = JSON.parse(next.out) as { rows: { action: string }[] };
    // Only what changed since the cursor: the records edited by the tests above.
    expect(parsed.rows.length).toBeGreaterThan(0);
    expect(parsed.rows.length).toBeLessThanOrEqual(3);
    const sample = join(dir, 'sample.csv');
    writeFileSync(sample, 'id,name,phone,country\ns1,  Sample  Co ,(415) 555-0134,Germany\n');
    const file = await cli('mappings', 'preview', 'companies-to-customers', '--file', sample);
    expect(file.code).toBe(0);
    expect(file.out).toContain('create  s1');
    expect(file.out).toContain('displayName: (none) -> "Sample Co"');
    expect(file.out).toContain('country: (none) -> "DE"');
    expect(await erpWrites()).toBe(writesBefore);
  });

  it('bridge mappings validate passes on the shipped mappings and names file:line:col for a broken one', async () => {
    const ok = await cli('mappings', 'validate');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      /^ok {2}mappings\/companies-to-customers\.yaml {2}companies-to-customers {2}version 1-[0-9a-f]{8}$/m,
    );
    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync('mappings/companies-to-customers.yaml', 'utf8').replace('[usStateCode]', '[usStateCod]'),
    );
    const bad = await cli('mappings', 'validate', broken);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('broken.yaml:20:38: unknown transform "usStateCod" (did you mean "usStateCode"?)');
  });

  it('bridge mappings diff shows what changed since a recorded version or an older file', async () => {
    const mappings = join(dir, 'mappings');
    cpSync('mappings', mappings, { recursive: true });
    const recorded = await cli('mappings', 'validate', '--json');
    const version = (JSON.parse(recorded.out) as { flows: { version: string }[] }).flows[0]!.version;
    const file = join(mappings, 'companies-to-customers.yaml');
    const old = join(dir, 'old.yaml');
    cpSync(file, old);
    writeFileSync(file, readFileSync(file, 'utf8').replace('{ truncate: 30 }', '{ truncate: 40 }'));
    const env = { MAPPINGS_DIR: mappings };
    let out = '';
    const code = await runCli(['mappings', 'diff', 'companies-to-customers', old], {
      out: (t) => (out += t),
      err: () => {},
      env: { ...vars, ...env },
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^companies-to-customers: 1-[0-9a-f]{8} -> 1-[0-9a-f]{8}, 1 change\(s\)$/m);
    expect(out).toContain('~ fields.city.transforms.1.truncate: 30 -> 40');
    // The version recorded when the bridge loaded its mappings is found by (a prefix of) its name.
    const byVersion = await runCli(['mappings', 'diff', 'companies-to-customers', version.slice(0, 6)], {
      out: (t) => (out += t),
      err: () => {},
      env: { ...vars, ...env },
    });
    expect(byVersion).toBe(0);
  });

  it('bridge mappings check reads live schemas and finds no drift on the shipped systems', async () => {
    const reports = await checkSchemaDrift([flow]);
    expect(reports.map((r) => [r.side, r.status, r.drift])).toEqual([
      ['source', 'checked', []],
      ['target', 'checked', []],
    ]);
    const check = await cli('mappings', 'check');
    expect(check.code).toBe(0);
    expect(check.out).toContain('companies-to-customers source crm.company: no drift');
  });

  it('serves HubSpot-shaped property definitions with picklist options', async () => {
    const res = await crm().get('/crm/v3/properties/companies');
    const industry = (res.data.results as { name: string; type: string; options: { value: string }[] }[]).find(
      (p) => p.name === 'industry',
    );
    expect(industry).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    expect(industry?.options.map((o) => o.value)).toContain('RETAIL');
  });
});
