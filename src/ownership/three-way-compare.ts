import { sameValue } from './same-value';

/** What happens to one mapped field of a record. */
export type FieldDecision =
  /** Master value differs from the copy: write it. */
  | 'write'
  /** The copy already holds the master value. */
  | 'unchanged'
  /** The target side owns the field: written on create only, never on update. */
  | 'copy-owned'
  /** The copy side edited a master-owned field since our last write. */
  | 'conflict'
  /** A person kept the copy's value for this master value (a resolved conflict); until the master changes. */
  | 'accepted';

/** A copy-side edit of a master-owned field, as the compare found it. */
export interface FieldConflict {
  field: string;
  /** What we last wrote. */
  base: unknown;
  /** What the copy holds now. */
  copy: unknown;
  /** What the master says now. */
  master: unknown;
  /** `overwritten` under `master-wins` (written, logged); `open` under `flag` (not written, parked). */
  resolution: 'overwritten' | 'open';
}

/** Input of {@link threeWayCompare}. */
export interface CompareInput {
  /** Newly mapped values (the master's view). */
  master: Record<string, unknown>;
  /** Values we last wrote for this record (the snapshot); undefined when we have none. */
  base: Record<string, unknown> | undefined;
  /** The target record's current values; undefined when it was not read (or on create). */
  copy: Record<string, unknown> | undefined;
  /** True when the target record does not exist yet. */
  create: boolean;
  /** Which side owns a target field (flow `ownership.master` and `ownership.fields`). */
  ownerOf: (field: string) => 'source' | 'target';
  policy: 'master-wins' | 'flag';
  /** Copy values people chose to keep: field -> the master value they were kept against. */
  accepted?: Record<string, unknown>;
}

/** Output of {@link threeWayCompare}. */
export interface CompareResult {
  decisions: Record<string, FieldDecision>;
  /** The fields to send: empty means nothing to write. */
  write: Record<string, unknown>;
  conflicts: FieldConflict[];
  /** The snapshot to keep after the write succeeds: base plus what is now known to be in sync. */
  nextBase: Record<string, unknown>;
}

/**
 * Decides per field whether an update may write it (pure): base is what we last wrote, copy what
 * the target holds now, master the newly mapped value. copy != base on a master-owned field is a
 * copy-side edit, a conflict: `master-wins` writes and logs it as `overwritten`, `flag` leaves
 * the field alone and reports it `open`. Target-owned fields are only written on create.
 *
 * @example
 * threeWayCompare({ master: { city: 'Paris' }, base: { city: 'Lyon' }, copy: { city: 'Nice' },
 *   create: false, ownerOf: () => 'source', policy: 'flag' }).decisions // { city: 'conflict' }
 */
export function threeWayCompare(input: CompareInput): CompareResult {
  const { master, base, copy, create, ownerOf, policy, accepted = {} } = input;
  const decisions: Record<string, FieldDecision> = {};
  const write: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  const nextBase: Record<string, unknown> = { ...base };
  for (const [field, value] of Object.entries(master)) {
    const decision = decide(field, value);
    decisions[field] = decision;
    if (decision === 'write' || (decision === 'conflict' && policy === 'master-wins')) write[field] = value;
    if (decision === 'write' || decision === 'unchanged' || (decision === 'conflict' && policy === 'master-wins')) {
      nextBase[field] = value;
    }
    if (decision === 'conflict') {
      conflicts.push({
        field,
        base: base?.[field],
        copy: copy?.[field],
        master: value,
        resolution: policy === 'master-wins' ? 'overwritten' : 'open',
      });
    }
  }
  return { decisions, write, conflicts, nextBase };

  function decide(field: string, value: unknown): FieldDecision {
    if (create) return 'write';
    if (ownerOf(field) === 'target') return 'copy-owned';
    if (field in accepted && sameValue(accepted[field], value)) return 'accepted';
    if (!copy) return base && field in base && sameValue(base[field], value) ? 'unchanged' : 'write';
    if (sameValue(copy[field], value)) return 'unchanged';
    // Without a snapshot of the field there is no evidence of a copy-side edit: the master wins.
    if (base && field in base && !sameValue(copy[field], base[field])) return 'conflict';
    return 'write';
  }
}
