import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AdminDeps } from './admin-deps';
import { adminPageHtml } from './admin-page/admin-page-html';
import { adminRoutes } from './admin-routes';
import { errorBody, mountRoutes } from './mount-routes';
import { openApiDocument } from './openapi-document';
import { mountMetrics } from './routes/metrics-routes';
import { mountWebhookIntake } from './routes/webhook-intake';

/**
 * The admin API: bearer-token auth with `admin` and `viewer` roles, zod-validated routes, an
 * OpenAPI 3.1 document generated from the same schemas, and one JSON error shape carrying the
 * stable error code.
 *
 * @example
 * serve({ fetch: createAdminApp(deps).fetch, port: 3000 });
 */
export function createAdminApp(deps: AdminDeps): Hono {
  const app = new Hono();
  const routes = adminRoutes(deps);
  // Before the token-checked routes: the intake authenticates by signature, never by bearer token.
  if (deps.webhooks) mountWebhookIntake(app, deps.webhooks);
  mountRoutes(app, routes, deps.tokens);
  app.get('/openapi.json', (c) =>
    c.json(openApiDocument(routes, deps.version, { webhookIntake: Boolean(deps.webhooks) })),
  );
  app.get('/admin', (c) => c.html(adminPageHtml()));
  mountMetrics(app, deps.metrics, deps.tokens);

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return c.json({ error: { code: 'http_error', message: error.message } }, error.status);
    }
    const { status, body } = errorBody(error);
    return c.json(body, status as 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  return app;
}

export type { AdminDeps } from './admin-deps';
