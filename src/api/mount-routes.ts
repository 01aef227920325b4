import type { Hono } from 'hono';
import type { z } from 'zod';
import { IntegrationError, ValidationError } from '../errors';
import { type ApiRoute, type Role, requiredRole } from './api-route';
import { type ApiToken, bearerAuth } from './middleware/bearer-auth';

/**
 * Registers routes on a hono app: auth by role, input validated by the route's zod schemas
 * (a 400 names each bad field), output validated in development so the OpenAPI document
 * cannot drift from what is served.
 *
 * @example
 * mountRoutes(app, [listRuns, getRun], tokens);
 */
export function mountRoutes(app: Hono, routes: readonly ApiRoute[], tokens: readonly ApiToken[]): void {
  for (const route of routes) {
    const method = route.method.toUpperCase();
    // Hono runs every matching registration in order, so auth is its own registration.
    if (!route.public) app.on(method, route.path, bearerAuth(tokens, requiredRole(route)));
    app.on(method, route.path, async (c) => {
      const params = parse(route.params, c.req.param(), 'path');
      const query = parse(route.query, c.req.query(), 'query');
      let body: unknown;
      if (route.body) {
        const raw = await c.req.json().catch(() => {
          throw new ValidationError('request body is not JSON', [{ field: '(body)', message: 'not JSON' }]);
        });
        body = parse(route.body, raw, 'body');
      }
      const role = ((c.get as (k: string) => unknown)('role') as Role | undefined) ?? 'viewer';
      const result = await route.handler({ params, query, body, role }, c);
      return c.json(result as object, route.status ?? 200);
    });
  }
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldErrors = parsed.error.issues.map((i) => ({ field: `${where}.${i.path.join('.')}`, message: i.message }));
  const summary = fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw new ValidationError(`invalid request: ${summary}`, fieldErrors);
}

/** Maps an error to the API's one JSON error shape and status. */
export function errorBody(error: unknown): { status: number; body: { error: Record<string, unknown> } } {
  if (error instanceof IntegrationError) {
    const status = error.status && error.status >= 400 && error.status < 600 ? error.status : 500;
    const fieldErrors = (error.details as { fieldErrors?: unknown }).fieldErrors;
    return {
      status,
      body: { error: { code: error.code, message: error.message, ...(fieldErrors ? { fieldErrors } : {}) } },
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}
