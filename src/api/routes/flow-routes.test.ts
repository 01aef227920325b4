import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../../connectors';
import { FlowSwitch } from '../../engine';
import { openDatabase, SqliteFlowSettings, SqliteStateStore } from '../../store';
import { createAdminApp } from '../create-admin-app';

const ADMIN = 'admin-token-flows';
const VIEWER = 'viewer-token-flows';
const FLOW = 'companies-to-customers';

describe('flow switches over the admin API (real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-flows-'));
  const path = join(dir, 'bridge.db');
  const state = openDatabase(path);
  const store = new SqliteStateStore(state);
  const flowSwitch = new FlowSwitch(new SqliteFlowSettings(state), { [FLOW]: true, 'items-to-products': false });
  const summary = (name: string, enabled: boolean) => ({
    name,
    source: { connector: 'crm', entity: 'company' },
    target: { connector: 'erp', entity: 'customer' },
    mappingVersion: '1-abc',
    dependsOn: [],
    enabled,
    enabledSource: 'mapping' as const,
  });
  const app = createAdminApp({
    store,
    registry: new ConnectorRegistry(),
    flows: () => [summary(FLOW, true), summary('items-to-products', false)],
    // What the engine does: a switched-off flow refuses to start.
    startRun: async (flow, trigger) => {
      await flowSwitch.assertEnabled(flow);
      return store.startRun(flow, trigger);
    },
    ready: () => true,
    tokens: [
      { token: ADMIN, role: 'admin' },
      { token: VIEWER, role: 'viewer' },
    ],
    version: 'test',
    flowSwitch,
  });
  afterAll(() => {
    state.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = (method: string, url: string, token: string, body?: unknown) =>
    app.request(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('shows the mapping file as the source until an admin overrides it; the override survives a reopen', async () => {
    const before = (await (await call('GET', '/flows', VIEWER)).json()) as { flows: Record<string, unknown>[] };
    expect(before.flows.map((f) => [f.name, f.enabled, f.enabledSource])).toEqual([
      [FLOW, true, 'mapping'],
      ['items-to-products', false, 'mapping'],
    ]);

    expect((await call('PATCH', `/flows/${FLOW}`, VIEWER, { enabled: false })).status).toBe(403);
    const patched = await call('PATCH', `/flows/${FLOW}`, ADMIN, { enabled: false });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      name: FLOW,
      enabled: false,
      enabledSource: 'override',
      mappingEnabled: true,
    });

    const refused = await call('POST', `/flows/${FLOW}/runs`, ADMIN);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('flow_disabled');
    expect(await store.listRuns({ flow: FLOW })).toEqual([]);

    // Another process opening the same database sees the switch.
    const other = openDatabase(path);
    try {
      const seen = new FlowSwitch(new SqliteFlowSettings(other), { [FLOW]: true });
      expect(await seen.isEnabled(FLOW)).toBe(false);
    } finally {
      other.close();
    }

    expect((await call('PATCH', '/flows/items-to-products', ADMIN, { enabled: true })).status).toBe(200);
    expect((await call('PATCH', `/flows/${FLOW}`, ADMIN, { enabled: true })).status).toBe(200);
    expect((await call('POST', `/flows/${FLOW}/runs`, ADMIN)).status).toBe(202);
  });

  it('refuses unknown flows and malformed bodies with a message', async () => {
    const unknown = await call('PATCH', '/flows/nope', ADMIN, { enabled: true });
    expect(unknown.status).toBe(404);
    const wrongType = await call('PATCH', `/flows/${FLOW}`, ADMIN, { enabled: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { error: { message: string } }).error.message).toContain('body.enabled');
  });
});
