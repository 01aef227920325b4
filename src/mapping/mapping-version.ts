import { createHash } from 'node:crypto';
import type { FlowFile } from './flow-schema';
import type { LookupTable } from './load-lookup';

/**
 * Canonical JSON of a validated flow (defaults applied, keys sorted) and the lookup tables it
 * uses. Comments, key order, quoting and spelling out a default do not change it; any change of
 * meaning, including an edited lookup file, does.
 *
 * @example
 * normaliseFlow(spec, {}) // '{"flow":{"dependsOn":[],...},"lookups":{}}'
 */
export function normaliseFlow(spec: FlowFile, lookups: Record<string, LookupTable>): string {
  // The description is prose for people, like a comment: rewording it changes no behaviour.
  const { description: _prose, ...meaning } = spec;
  return canonicalJson({ flow: meaning, lookups });
}

/**
 * A mapping version: the declared number (for humans) and the first 8 hex digits of the
 * SHA-256 of the normalised content (for machines).
 *
 * @example
 * mappingVersion(1, normaliseFlow(spec, {})) // '1-3f9a0c2e'
 */
export function mappingVersion(declared: number, normalised: string): string {
  return `${declared}-${createHash('sha256').update(normalised).digest('hex').slice(0, 8)}`;
}

/**
 * JSON with object keys sorted at every level, so equal values always print the same.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
