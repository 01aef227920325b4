import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { z } from 'zod';
import { createTokenVerifier, type TokenGrants } from './erp-auth';
import { handleBatch } from './erp-batch';
import { ENTITY_SETS } from './erp-entities';
import { FaultConfig, FaultInjector } from './erp-faults';
import { createErpOperations } from './erp-operations';
import { type ErpResponse, odataError } from './erp-response';
import { RequestStats } from './erp-stats';
import type { ErpStore } from './erp-store';
import { fulfilOrders } from './fulfil-orders';
import { WriteFeed } from './write-feed';

/** Options of {@link createErpApp}. */
export interface CreateErpAppOptions {
  store: ErpStore;
  /** Bearer token -> entity sets it may use (`'*'` for all). */
  tokens: TokenGrants;
  /** Fault settings, or a shared injector to reconfigure from outside. */
  faults?: FaultConfig | FaultInjector;
  /** Shared counters, to read them without HTTP. */
  stats?: RequestStats;
  /** Most records per page. Default 1000. */
  maxPageSize?: number;
  /** Lowest margin per sales order line, in percent. Default 10. */
  minMarginPercent?: number;
}

const FulfilRequest = z
  .object({ orderId: z.string().optional(), steps: z.array(z.enum(['ship', 'invoice', 'pay'])).optional() })
  .strict();

const API_PREFIX = '/api/v2.0/';
const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const UNAUTHORIZED = odataError(
  401,
  'Authentication_InvalidCredentials',
  'The server has rejected the client credentials.',
  [],
  { 'www-authenticate': 'Bearer realm="mock-erp", error="invalid_token"' },
);

/**
 * The mock Business Central API as a hono app: `/api/v2.0/*` (companies, entity sets,
 * `$batch`) behind fault injection and bearer-token auth, plus `/__admin/*` to read request
 * counts and change faults at run time. Serve it with `@hono/node-server` (see startErpServer);
 * commit-then-drop needs that real socket.
 *
 * @example
 * const app = createErpApp({ store: new ErpStore(), tokens: { 'dev-erp-token': '*' } });
 * const response = await app.request('/api/v2.0/companies', { headers: { authorization: 'Bearer dev-erp-token' } });
 */
export function createErpApp(options: CreateErpAppOptions): Hono<{ Bindings: HttpBindings }> {
  const faults = options.faults instanceof FaultInjector ? options.faults : new FaultInjector(options.faults ?? {});
  const stats = options.stats ?? new RequestStats();
  const verify = createTokenVerifier(options.tokens);
  const handle = createErpOperations({
    store: options.store,
    ...(options.maxPageSize === undefined ? {} : { maxPageSize: options.maxPageSize }),
    ...(options.minMarginPercent === undefined ? {} : { minMarginPercent: options.minMarginPercent }),
  });
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.all('/api/v2.0/*', async (c) => {
    const url = new URL(c.req.url);
    const path = safeDecode(url.pathname.slice(API_PREFIX.length));
    const method = c.req.method.toUpperCase();
    stats.record(method, path, true);

    const latency = faults.latencyMs();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    // Faults first: they imitate the gateway in front of BC, which answers before auth.
    const refused = faults.rateLimit() ?? faults.rollError();
    if (refused) return send(refused);
    const verified = verify(c.req.header('authorization'));
    if (!verified) return send(UNAUTHORIZED);
    const grants = faults.restrict(verified, Object.keys(ENTITY_SETS));
    let body: unknown;
    if (MUTATING.has(method)) {
      const text = await c.req.text();
      try {
        body = text.trim() === '' ? undefined : JSON.parse(text);
      } catch {
        return send(odataError(400, 'BadRequest', 'The request body is not valid JSON.'));
      }
    }
    const serviceRoot = `${url.origin}${API_PREFIX}`;
    let response: ErpResponse;
    if (path === '$batch') {
      response =
        method === 'POST'
          ? handleBatch(body, { handle, serviceRoot, grants, faults, stats })
          : odataError(405, 'BadRequest_MethodNotAllowed', 'Use POST for $batch.', [], { allow: 'POST' });
    } else {
      response = handle({
        method,
        path,
        query: url.searchParams,
        header: (name) => c.req.header(name),
        body,
        serviceRoot,
        grants,
      });
    }
    if (response.committed && faults.rollDrop()) {
      // The write is applied; the client never hears about it (a lost answer, not a lost write).
      const socket = c.env?.incoming?.socket;
      if (socket) {
        socket.destroy();
        return RESPONSE_ALREADY_SENT;
      }
    }
    return send(response);
  });

  app.get('/__admin/stats', (c) => c.json(stats.snapshot(faults.counts)));
  app.post('/__admin/reset-stats', (c) => {
    stats.reset();
    faults.resetCounts();
    return c.json({ ok: true });
  });
  // Write times per record, so a benchmark can time CRM change -> ERP write without polling records.
  const feed = new WriteFeed(options.store);
  app.get('/__admin/changes', (c) =>
    c.json(feed.since(Number(c.req.query('since') ?? 0) || 0, c.req.query('set') || undefined)),
  );
  app.get('/__admin/faults', (c) => c.json(faults.config));
  app.post('/__admin/faults', async (c) => {
    const parsed = FaultConfig.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return c.json({ error: { code: 'BadRequest', message: 'Invalid fault configuration.', issues } }, 400);
    }
    faults.configure(parsed.data);
    return c.json(faults.config);
  });
  app.post('/__admin/reset-faults', (c) => {
    faults.configure({});
    return c.json(faults.config);
  });

  // The fulfilment simulator: what the warehouse and accounting would do (see fulfilOrders).
  app.post('/__admin/fulfil', async (c) => {
    const text = await c.req.text();
    let json: unknown = {};
    try {
      json = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return c.json({ error: { code: 'BadRequest', message: 'The request body is not valid JSON.' } }, 400);
    }
    const parsed = FulfilRequest.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return c.json({ error: { code: 'BadRequest', message: 'Invalid fulfil request.', issues } }, 400);
    }
    const { orderId, steps } = parsed.data;
    if (orderId !== undefined && !options.store.get('salesOrders', orderId)) {
      return c.json({ error: { code: 'Internal_RecordNotFound', message: `No sales order ${orderId}.` } }, 404);
    }
    const actions = fulfilOrders(options.store, { ...(orderId ? { orderId } : {}), ...(steps ? { steps } : {}) });
    return c.json({ actions });
  });

  app.notFound((c) =>
    send(
      odataError(
        404,
        'BadRequest_NotFound',
        `No HTTP resource was found that matches the request URI '${c.req.path}'.`,
      ),
    ),
  );
  app.onError((error) => send(odataError(500, 'Internal_ServerError', `Unexpected error: ${error.message}`)));
  return app;
}

function send(response: ErpResponse): Response {
  const body = response.body === undefined ? null : JSON.stringify(response.body);
  return new Response(body, { status: response.status, headers: response.headers });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
