import { isOwnEcho, type RememberedWrite } from './echo-check';

/**
 * How long remembered writes are kept (`echo_writes`, pruned by the engine). Every reading flow
 * polls far more often than this, so whatever changed a record longer ago has been read.
 */
export const ECHO_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * True when the target's current copy may hold news the reverse flow has not read (pure): it is
 * not our last remembered write and it changed within the echo retention. Our next write to it
 * is then not remembered as an echo, so the reverse flow still reads the copy. A copy nobody
 * touched for the retention has no unread news: without this, a pruned or version-less memory
 * (a found target) would keep every later write of that record from being remembered.
 *
 * @example
 * copyHasNews({ updatedAt: '2026-01-01T00:00:00Z', fields: {} }, undefined, Date.parse('2026-03-01T00:00:00Z')) // false
 */
export function copyHasNews(
  copy: { updatedAt: string; fields: Record<string, unknown> } | undefined,
  last: RememberedWrite | undefined,
  now: number,
  retentionMs: number = ECHO_RETENTION_MS,
): boolean {
  if (!copy) return true;
  if (last && isOwnEcho(copy, last, [])) return false;
  const changed = Date.parse(copy.updatedAt);
  return Number.isNaN(changed) || changed > now - retentionMs;
}
