import { sameValue } from './same-value';

/** What the engine remembers of its last write to one record: the target's answer and the values. */
export interface RememberedWrite {
  /** `updatedAt` the target returned for our write; null when it returned none. */
  updatedAt: string | null;
  /** The values we wrote. */
  values: Record<string, unknown>;
}

/**
 * True when a record read from a system is our own write coming back (pure): its `updatedAt` is
 * the one our write got, or every field the reading flow maps still holds what we wrote.
 * A person's edit changes `updatedAt`, and, when it touched a mapped field, the values.
 *
 * @example
 * isOwnEcho({ updatedAt: '2026-01-01T00:00:00Z', fields: {} }, { updatedAt: '2026-01-01T00:00:00.000Z', values: {} }, []) // true
 */
export function isOwnEcho(
  record: { updatedAt: string; fields: Record<string, unknown> },
  remembered: RememberedWrite | undefined,
  mappedFields: readonly string[],
): boolean {
  if (!remembered) return false;
  if (remembered.updatedAt !== null && sameInstant(record.updatedAt, remembered.updatedAt)) return true;
  if (!mappedFields.length) return false;
  return mappedFields.every((f) => f in remembered.values && sameValue(record.fields[f], remembered.values[f]));
}

function sameInstant(a: string, b: string): boolean {
  const [x, y] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}
