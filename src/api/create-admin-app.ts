import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ConnectorRegistry } from '../connectors';
import { IntegrationError } from '../errors';
import type { StateStore } from '../store';

/** What the admin API reads. */
export interface AdminDeps {
  store: StateStore;
  registry: ConnectorRegistry;
  /** Flow names in dependency order. */
  flows: () => string[];
  /** True once the initial sync finished; `/ready` reports it. */
  ready: () => boolean;
}

/**
 * The admin API (first slice: health, readiness, runs and record history). Errors share one
 * JSON shape with the stable error code.
 *
 * @example
 * serve({ fetch: createAdminApp(deps).fetch, port: 3000 });
 */
export function createAdminApp(deps: AdminDeps): Hono {
  const app = new Hono();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.get('/ready', async (c) => {
    const connectors = await Promise.all(
      deps.registry.list().map(async (i) => {
        const health = await i.methods.health().catch((e: unknown) => ({ ok: false, detail: String(e) }));
        return { name: i.name, connector: i.definition.id, ...health };
      }),
    );
    const ready = deps.ready() && connectors.every((x) => x.ok);
    return c.json({ ready, initialSyncDone: deps.ready(), connectors }, ready ? 200 : 503);
  });

  app.get('/flows', (c) => c.json({ flows: deps.flows() }));

  app.get('/runs', async (c) => {
    const flow = c.req.query('flow');
    const limit = Math.min(Number(c.req.query('limit') ?? 50) || 50, 500);
    return c.json({ runs: await deps.store.listRuns({ ...(flow ? { flow } : {}), limit }) });
  });

  app.get('/runs/:id', async (c) => {
    const run = await deps.store.getRun(c.req.param('id'));
    if (!run) throw new IntegrationError('not_found', `run ${c.req.param('id')} does not exist`, { status: 404 });
    return c.json(run);
  });

  app.get('/flows/:flow/records/:sourceId/history', async (c) => {
    const history = await deps.store.history(c.req.param('flow'), c.req.param('sourceId'));
    return c.json({ history });
  });

  app.onError((error, c) => {
    if (error instanceof IntegrationError) {
      const status = (error.status && error.status >= 400 && error.status < 600 ? error.status : 500) as 500;
      return c.json({ error: { code: error.code, message: error.message } }, status);
    }
    if (error instanceof HTTPException) {
      return c.json({ error: { code: 'http_error', message: error.message } }, error.status);
    }
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  return app;
}
