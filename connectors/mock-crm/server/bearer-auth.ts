import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { CrmEnv } from './crm-env';
import { resolveObjectSchema } from './crm-schemas';
import { HubSpotHttpError } from './hubspot-http-error';

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Bearer-token authentication against a token -> scopes map. Tokens are compared as SHA-256
 * digests with `timingSafeEqual` (equal lengths by construction) and every known token is
 * checked, so response time does not reveal how much of a token was right.
 *
 * @example
 * app.use('/crm/*', bearerAuth({ 'dev-crm-token': ['crm.objects.companies.read'] }));
 */
export function bearerAuth(tokens: Readonly<Record<string, readonly string[]>>): MiddlewareHandler<CrmEnv> {
  const known = Object.entries(tokens).map(([token, scopes]) => ({ digest: sha256(token), scopes: new Set(scopes) }));
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw HubSpotHttpError.unauthenticated(
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and private app access tokens.',
      );
    }
    const presented = sha256(match[1]!);
    let scopes: ReadonlySet<string> | undefined;
    for (const entry of known) {
      if (timingSafeEqual(presented, entry.digest)) scopes = entry.scopes;
    }
    if (!scopes) throw HubSpotHttpError.unauthenticated('Authentication credentials are invalid.');
    c.set('scopes', scopes);
    await next();
  };
}

/**
 * Throws HubSpot's 403 MISSING_SCOPES unless the token holds every required scope.
 *
 * @example
 * requireScopes(c, ['crm.objects.contacts.write']);
 */
export function requireScopes(c: Context<CrmEnv>, required: readonly string[]): void {
  const scopes = c.get('scopes');
  const missing = required.filter((scope) => !scopes.has(scope));
  if (missing.length > 0) throw HubSpotHttpError.missingScopes(missing);
}

/**
 * Route middleware: resolves `:objectType` (400 for an unknown type, as HubSpot answers)
 * and requires `crm.objects.{type}.read` or `.write`.
 *
 * @example
 * app.get('/crm/v3/objects/:objectType', objectScope('read'), handler);
 */
export function objectScope(access: 'read' | 'write'): MiddlewareHandler<CrmEnv> {
  return async (c, next) => {
    const segment = c.req.param('objectType') ?? '';
    const schema = resolveObjectSchema(segment);
    if (!schema) throw HubSpotHttpError.badRequest(`Unable to infer object type from: ${segment}`);
    c.set('schema', schema);
    requireScopes(c, [scopeOf(schema.name, access)]);
    await next();
  };
}

/** HubSpot's legacy scopes: one scope for read and write of these types. */
const LEGACY_SCOPES: Readonly<Record<string, string>> = {
  products: 'e-commerce',
  line_items: 'e-commerce',
  tickets: 'tickets',
};

/**
 * The scope guarding one object type, as HubSpot names it: `crm.objects.{type}.{read|write}`,
 * except the legacy `e-commerce` (products, line items) and `tickets`, which cover both.
 *
 * @example
 * scopeOf('contacts', 'write') // 'crm.objects.contacts.write'
 * scopeOf('line_items', 'read') // 'e-commerce'
 */
export function scopeOf(type: string, access: 'read' | 'write'): string {
  return LEGACY_SCOPES[type] ?? `crm.objects.${type}.${access}`;
}
