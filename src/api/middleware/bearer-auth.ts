import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { IntegrationError } from '../../errors';
import type { Role } from '../api-route';

/** A token the API accepts, with the role it grants. */
export interface ApiToken {
  token: string;
  role: Role;
}

// Hash both sides first: timingSafeEqual needs equal lengths, and comparing digests leaks
// neither the token's length nor its prefix.
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Resolves the bearer token of a request to a role, in constant time per configured token.
 * Returns undefined for a missing or unknown token. Never logs or echoes the token.
 *
 * @example
 * const role = roleOfRequest(c.req.header('authorization'), tokens);
 */
export function roleOfRequest(header: string | undefined, tokens: readonly ApiToken[]): Role | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const presented = digest(match[1]!.trim());
  let role: Role | undefined;
  for (const t of tokens) {
    // No early exit: the time taken does not depend on which token matched.
    if (timingSafeEqual(presented, digest(t.token)) && role !== 'admin') role = t.role;
  }
  return role;
}

/**
 * Hono middleware: 401 without a valid token, 403 when the role is below `needed`.
 *
 * @example
 * app.post('/dlq/replay', bearerAuth(tokens, 'admin'), handler);
 */
export function bearerAuth(tokens: readonly ApiToken[], needed: Role): MiddlewareHandler {
  return async (c, next) => {
    const role = roleOfRequest(c.req.header('authorization'), tokens);
    if (!role) {
      c.header('WWW-Authenticate', 'Bearer realm="crm-erp-bridge"');
      throw new IntegrationError('auth_failed', 'a valid bearer token is required', { status: 401 });
    }
    if (needed === 'admin' && role !== 'admin') {
      throw new IntegrationError('permission_denied', 'this action needs the admin role; your token is read-only', {
        status: 403,
      });
    }
    c.set('role' as never, role as never);
    await next();
  };
}
