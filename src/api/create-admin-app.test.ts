import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../connectors';
import { MetricsRegistry } from '../observability/metrics';
import { openDatabase, SqliteDlqRepository, SqliteStateStore } from '../store';
import { createAdminApp } from './create-admin-app';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
type Json = any;
const read = async (response: Response): Promise<Json> => response.json();

const ADMIN = 'admin-secret-token-123';
const VIEWER = 'viewer-secret-token-456';

describe('admin API (in-process, real SQLite store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-api-'));
  const state = openDatabase(join(dir, 'bridge.db'));
  const store = new SqliteStateStore(state);
  const started: string[] = [];
  const metrics = new MetricsRegistry();
  metrics.inc('sync_errors_total', { flow: 'companies-to-customers', code: 'permission_denied' }, 3);
  const app = createAdminApp({
    store,
    registry: new ConnectorRegistry(),
    flows: () => [
      {
        name: 'companies-to-customers',
        source: { connector: 'crm', entity: 'company' },
        target: { connector: 'erp', entity: 'customer' },
        mappingVersion: '1-abc',
        dependsOn: [],
      },
    ],
    startRun: async (flow, trigger) => {
      started.push(flow);
      return store.startRun(flow, trigger);
    },
    ready: () => true,
    tokens: [
      { token: ADMIN, role: 'admin' },
      { token: VIEWER, role: 'viewer' },
    ],
    version: '0.0.0-test',
    dlq: new SqliteDlqRepository(state),
    matching: store.matching,
    metrics,
  });
  afterAll(() => {
    state.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('answers health probes without a token', async () => {
    expect(await read(await app.request('/health'))).toEqual({ status: 'ok' });
    expect((await app.request('/ready')).status).toBe(200);
  });

  it('401 without or with an unknown token, in the one error shape, never echoing the token', async () => {
    const none = await app.request('/runs');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await read(none)).toEqual({ error: { code: 'auth_failed', message: 'a valid bearer token is required' } });
    const wrong = await app.request('/runs', auth('guess'));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('guess');
  });

  it('lets a viewer read and refuses it a mutating route with 403; an admin may run a flow', async () => {
    expect((await app.request('/runs', auth(VIEWER))).status).toBe(200);
    const denied = await app.request('/flows/companies-to-customers/runs', { method: 'POST', ...auth(VIEWER) });
    expect(denied.status).toBe(403);
    expect((await read(denied)).error.code).toBe('permission_denied');
    expect(started).toEqual([]);

    const accepted = await app.request('/flows/companies-to-customers/runs', { method: 'POST', ...auth(ADMIN) });
    expect(accepted.status).toBe(202);
    const run = await read(accepted);
    expect(run).toMatchObject({ flow: 'companies-to-customers', trigger: 'manual', status: 'running' });
    const shown = await app.request(`/runs/${run.id}`, auth(VIEWER));
    expect((await read(shown)).id).toBe(run.id);
    const unknownFlow = await app.request('/flows/nope/runs', { method: 'POST', ...auth(ADMIN) });
    expect(unknownFlow.status).toBe(404);
  });

  it('rejects invalid input with 400 naming the parameter', async () => {
    const response = await app.request('/runs?limit=0', auth(VIEWER));
    expect(response.status).toBe(400);
    const body = await read(response);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fieldErrors[0].field).toBe('query.limit');
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = await read(await app.request('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/runs',
        '/runs/{id}',
        '/flows/{flow}/runs',
        '/flows/{flow}/records/{sourceId}/history',
      ]),
    );
    const post = doc.paths['/flows/{flow}/runs'].post;
    expect(post['x-required-role']).toBe('admin');
    expect(post.responses['202'].content['application/json'].schema.properties.status.enum).toContain('partial');
    expect(doc.paths['/runs'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['flow', 'limit']);
  });

  it('serves the DLQ and review queue by role, and validates replay selections', async () => {
    const list = await app.request('/dlq?code=permission_denied', auth(VIEWER));
    expect(await read(list)).toEqual({ items: [], total: 0, openByCode: {} });
    const viewerReplay = await app.request('/dlq/replay', { method: 'POST', ...auth(VIEWER), body: '{"ids":["x"]}' });
    expect(viewerReplay.status).toBe(403);
    const both = await app.request('/dlq/replay', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ['x'], filter: { code: 'not_found' } }),
    });
    expect(both.status).toBe(400);
    expect((await read(both)).error.message).toContain('exactly one of ids or filter');
    const noReason = await app.request('/dlq/discard', {
      method: 'POST',
      ...auth(ADMIN),
      body: '{"ids":["x"],"reason":" "}',
    });
    expect(noReason.status).toBe(400);
    expect((await read(await app.request('/review', auth(VIEWER)))).items).toEqual([]);
    const unknown = await app.request('/review/99/approve', { method: 'POST', ...auth(ADMIN), body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('exposes counters in the Prometheus text format to a viewer', async () => {
    expect((await app.request('/metrics')).status).toBe(401);
    const response = await app.request('/metrics', auth(VIEWER));
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE sync_errors_total counter');
    expect(text).toContain('sync_errors_total{flow="companies-to-customers",code="permission_denied"} 3');
  });
});
