import type { SystemRole } from '../connectors';

/** What a flow last wrote for one source record (the base of the three-way compare). */
export interface FlowSnapshot {
  sourceId: string;
  targetId: string;
  values: Record<string, unknown>;
  /** Field -> master value a person kept the copy's value against. */
  accepted: Record<string, unknown>;
  sourceFingerprint: string | null;
  writtenFingerprint: string | null;
}

/** Our last write to one record of one system, to recognise it in that system's change feed. */
export interface EchoWrite {
  system: SystemRole;
  entity: string;
  recordId: string;
  updatedAt: string | null;
  values: Record<string, unknown>;
}

/** A copy-side edit of a master-owned field. */
export interface Conflict {
  id: number;
  flow: string;
  sourceId: string;
  targetId: string;
  field: string;
  base: unknown;
  copy: unknown;
  master: unknown;
  status: 'open' | 'resolved';
  resolution: 'overwritten' | 'kept-master' | 'kept-copy' | null;
  note: string | null;
  resolvedBy: string | null;
  createdAt: number;
  resolvedAt: number | null;
}

/** A conflict found by a sync, before it is stored. */
export type NewConflict = Pick<Conflict, 'flow' | 'sourceId' | 'targetId' | 'field' | 'base' | 'copy' | 'master'> & {
  resolution: 'overwritten' | 'open';
};

/** How a person settled a conflict. */
export interface ConflictDecision {
  keep: 'master' | 'copy';
  by: string;
  note?: string;
}

/**
 * Snapshots, echo memory and conflicts of the ownership engine. Async so a PostgreSQL
 * implementation can share it.
 */
export interface OwnershipStore {
  /** Snapshots of a flow's source records, keyed by source id. */
  snapshots(flow: string, sourceIds: readonly string[]): Promise<Map<string, FlowSnapshot>>;
  /** Remembered writes to records of one system entity, keyed by record id. */
  echoes(system: SystemRole, entity: string, ids: readonly string[]): Promise<Map<string, EchoWrite>>;
  /**
   * Stores what one page wrote, in one transaction: snapshots replace the old ones, echoes the
   * old ones; a conflict on a record and field that already has an open one updates it.
   */
  recordPage(
    flow: string,
    page: { snapshots: FlowSnapshot[]; echoes: EchoWrite[]; conflicts: NewConflict[] },
  ): Promise<void>;
  listConflicts(filter?: { flow?: string; status?: 'open' | 'resolved'; limit?: number; offset?: number }): Promise<{
    items: Conflict[];
    total: number;
  }>;
  getConflict(id: number): Promise<Conflict | undefined>;
  /**
   * Forgets remembered writes made before `before` (epoch ms) and returns how many; see
   * `ECHO_RETENTION_MS` for why a forgotten echo costs at most one read, never a wrong value.
   */
  pruneEchoes(before: number): Promise<number>;
  /**
   * Marks an open conflict resolved. `copy`: the copy's value becomes the base and is accepted
   * against the current master value, so later syncs keep it until the master changes.
   * `master`: the caller has written the master value; it becomes the base.
   */
  resolveConflict(id: number, decision: ConflictDecision): Promise<Conflict>;
}
