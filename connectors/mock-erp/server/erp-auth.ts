import { createHash, timingSafeEqual } from 'node:crypto';
import type { Grants } from './erp-response';

/** Bearer token -> the entity sets it may use (`'*'` or `'all'` for all), like BC permission sets. */
export type TokenGrants = Readonly<Record<string, readonly string[] | '*' | 'all'>>;

/**
 * Builds the token check: returns the grants of the presented bearer token, or undefined when
 * it is missing or unknown. Compares SHA-256 digests with `timingSafeEqual` against every
 * configured token without stopping early, so timing does not reveal a near-miss.
 *
 * @example
 * const verify = createTokenVerifier({ 'dev-erp-token': '*' });
 * verify('Bearer dev-erp-token') // '*'
 */
export function createTokenVerifier(tokens: TokenGrants): (authorization: string | undefined) => Grants | undefined {
  const known = Object.entries(tokens).map(([token, sets]) => ({
    digest: sha256(token),
    grants: sets === '*' || sets === 'all' ? ('*' as const) : new Set(sets),
  }));
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const digest = sha256(match[1] as string);
    let grants: Grants | undefined;
    for (const entry of known) {
      if (timingSafeEqual(digest, entry.digest)) grants = entry.grants;
    }
    return grants;
  };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
