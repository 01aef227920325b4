import type { SystemRole } from '../connectors';
import type { MatchStore } from './match-types';
import type { OwnershipStore } from './ownership-types';

/** A pairing of one CRM record with one ERP record under a link kind. */
export interface Xref {
  kind: string;
  crmId: string;
  erpId: string;
  sourceFingerprint: string | null;
  writtenFingerprint: string | null;
  mappingVersion: string | null;
  updatedAt: number;
}

/** The outcome of one attempt to sync one record. */
export type HistoryAction = 'created' | 'updated' | 'unchanged' | 'failed' | 'skipped';

/** A row of per-record history. */
export interface HistoryEntry {
  sourceId: string;
  targetId?: string | null;
  action: HistoryAction;
  before?: unknown;
  after?: unknown;
  mappingVersion?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** Counters of a run. */
export interface RunCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Read but deliberately not written (merged duplicates, pairs waiting for review). */
  skipped: number;
}

/** A run as stored. */
export interface Run extends RunCounts {
  id: string;
  flow: string;
  trigger: string;
  status: 'running' | 'succeeded' | 'failed' | 'partial';
  startedAt: number;
  finishedAt: number | null;
  pagesTotal: number;
  pagesDone: number;
  readingDone: boolean;
  error: string | null;
}

/** A link to write after a successful create or update. */
export interface XrefWrite {
  sourceId: string;
  targetId: string;
  sourceFingerprint: string;
  writtenFingerprint: string;
  mappingVersion: string;
}

/** An extra pair written with a page (a flow's `alsoLink:`), under another link kind. */
export interface AlsoLinkWrite {
  kind: string;
  crmId: string;
  erpId: string;
}

/** Everything one processed page changes, committed atomically. */
export interface PageCommit {
  runId: string;
  flow: string;
  kind: string;
  /** Which side the flow reads from: decides which xref column `sourceId` is. */
  sourceSide: SystemRole;
  links: XrefWrite[];
  /**
   * True when many source records may pair with one target record (`links` of a flow whose
   * `target.id` goes through another link: every invoice of a deal). The pairs are then unique
   * on the source side only; `findXrefs` on the target side returns one of them per id.
   */
  sharedTarget?: boolean;
  /**
   * Pairs of other link kinds (`alsoLink:`). A new pair has no fingerprints, so the flow that
   * owns that kind writes through it on its next run; re-writing the same pair keeps them.
   */
  alsoLinks?: AlsoLinkWrite[];
  history: HistoryEntry[];
  counts: Partial<RunCounts>;
  /** True when this was the page's last processing (success, or failures recorded for good). */
  pageDone: boolean;
}

/**
 * The state the engine keeps: cross-references, cursors, runs and per-record history.
 * Async so a PostgreSQL implementation can share it.
 */
export interface StateStore {
  /** Xrefs of the given ids on one side, keyed by that side's id. */
  findXrefs(kind: string, side: SystemRole, ids: readonly string[]): Promise<Map<string, Xref>>;
  getCursor(flow: string): Promise<string | null>;
  setCursor(flow: string, cursor: string): Promise<void>;
  startRun(flow: string, trigger: string): Promise<Run>;
  /**
   * Records that reading enqueued `pages` more pages holding `read` records. Ignored once reading
   * is done: with concurrent jobs a page's read can finish after the next one ended the reading
   * (and set the exact totals), and adding its estimate then would keep the run open for good.
   */
  addRunPages(runId: string, pages: number, read: number): Promise<void>;
  /**
   * Marks reading done with the exact totals (they replace the running estimates of
   * `addRunPages`), or with an error; ends the run when every page is done.
   */
  finishReading(runId: string, outcome: { pagesTotal: number; read: number } | { error: string }): Promise<Run>;
  /** Applies a processed page in one transaction and returns the run after it. */
  commitPage(commit: PageCommit): Promise<Run>;
  getRun(id: string): Promise<Run | undefined>;
  listRuns(options?: { flow?: string; limit?: number }): Promise<Run[]>;
  /** Local match index and review queue; absent on stores without matching support. */
  readonly matching?: MatchStore;
  /** Snapshots, echo memory and conflicts; absent on stores without ownership support. */
  readonly ownership?: OwnershipStore;
  /** History of one source record in a flow, oldest first. */
  history(flow: string, sourceId: string): Promise<(HistoryEntry & { runId: string | null; at: number })[]>;
}
