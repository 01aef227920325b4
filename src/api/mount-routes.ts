import type { Hono } from 'hono';
import type { z } from 'zod';
import { type ErrorCode, IntegrationError, ValidationError } from '../errors';
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
    const status = error.status && error.status >= 400 && error.status < 600 ? error.status : statusOf(error.code);
    const fieldErrors = (error.details as { fieldErrors?: unknown }).fieldErrors;
    return {
      status,
      body: { error: { code: error.code, message: error.message, ...(fieldErrors ? { fieldErrors } : {}) } },
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}

// Errors raised below the API (engine, preview, connectors) often carry no HTTP status: a missing
// record is still a 404 to the caller, and a system that failed is a bad gateway, not our bug.
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  not_found: 404,
  validation_failed: 400,
  record_invalid: 400,
  mapping_invalid: 400,
  mapping_failed: 400,
  flow_disabled: 409,
  review_conflict: 409,
  ownership_refused: 409,
  stale_etag: 409,
  transport: 502,
  timeout: 504,
  server_error: 502,
  rate_limited: 503,
  unexpected_response: 502,
};

function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}
