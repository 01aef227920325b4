import { IntegrationError } from '../errors';
import type { Conflict, ConflictDecision, NewConflict } from './ownership-types';

/**
 * The dialect-free rules of conflict records, shared by the SQLite and PostgreSQL ownership
 * stores so both open, log and settle conflicts the same way.
 *
 * @example
 * conflictRules.assertOpen(conflict);
 * const resolution = conflictRules.resolutionOf({ keep: 'copy', by: 'ann' }); // 'kept-copy'
 */
export const conflictRules = {
  /**
   * Status columns of a conflict a page reports: an `open` one waits for a person; any other
   * resolution was applied by policy at once and is logged as resolved.
   */
  outcome(c: NewConflict, now: number) {
    const open = c.resolution === 'open';
    return {
      status: open ? ('open' as const) : ('resolved' as const),
      resolution: open ? null : c.resolution,
      resolvedAt: open ? null : now,
    };
  },

  /** Refuses to settle a conflict twice: the first decision already reached the snapshot. */
  assertOpen(conflict: Conflict): void {
    if (conflict.status === 'open') return;
    throw new IntegrationError(
      'conflict_resolved',
      `conflict ${conflict.id} is already resolved (${conflict.resolution})`,
      { status: 409 },
    );
  },

  /** The resolution a person's decision is recorded as. */
  resolutionOf(decision: ConflictDecision): 'kept-copy' | 'kept-master' {
    return decision.keep === 'copy' ? 'kept-copy' : 'kept-master';
  },
};
