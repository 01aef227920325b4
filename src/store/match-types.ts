import type { SystemRole } from '../connectors';

/** A target record in the local match index (or a reservation for one being created). */
export interface IndexedRecord {
  targetId: string;
  /** The record's normalised canonical values (as the scope's rules prepare them). */
  fields: Record<string, unknown>;
  /** Set on a reservation: the source record whose create has not committed yet. */
  pendingSourceId: string | null;
  updatedAt: number;
}

/** Why a record went to the review queue (or was linked automatically). */
export type ReviewReason = 'exact' | 'fuzzy' | 'target_taken' | 'source_duplicate';
/** Where a review item stands. */
export type ReviewStatus = 'pending' | 'linked' | 'created' | 'merged';

/** A matching outcome kept for people: a pair with its score and per-field explanation. */
export interface ReviewItem {
  id: number;
  flow: string;
  kind: string;
  sourceSide: SystemRole;
  sourceId: string;
  candidateId: string | null;
  candidateSourceId: string | null;
  reason: ReviewReason;
  score: number;
  /** A `PairExplanation` (src/dedupe/record-matcher.ts). */
  explanation: unknown;
  sourceFields: unknown;
  status: ReviewStatus;
  decidedBy: string | null;
  note: string | null;
  appliedAt: number | null;
  createdAt: number;
  decidedAt: number | null;
}

/** What the engine records about one match. */
export type NewReviewItem = Pick<
  ReviewItem,
  'flow' | 'kind' | 'sourceSide' | 'sourceId' | 'candidateId' | 'candidateSourceId' | 'reason' | 'score' | 'explanation'
> & { sourceFields?: unknown; status: ReviewStatus; decidedBy?: string };

/**
 * The state matching needs: the local index of target records and the review queue. Methods are
 * synchronous on purpose: `exclusive` must read candidates and reserve creates with nothing
 * interleaved, which an embedded SQLite transaction gives for free (a PostgreSQL store would use
 * an advisory lock per scope).
 */
export interface MatchStore {
  /** Runs `fn` in one write transaction; other writers wait. */
  exclusive<T>(fn: () => T): T;
  /** Indexed records (and reservations) sharing at least one key. */
  candidates(scope: string, keys: readonly string[]): IndexedRecord[];
  /** Inserts or replaces target records with their keys; clears reservations they fulfil. */
  index(scope: string, records: readonly { targetId: string; fields: Record<string, unknown>; keys: string[] }[]): void;
  /** Reserves a create for `sourceId`, visible to other pages until released. */
  reserve(scope: string, sourceId: string, fields: Record<string, unknown>, keys: string[]): void;
  /** Drops reservations of these source records. */
  release(scope: string, sourceIds: readonly string[]): void;
  /** Drops reservations older than `olderThanMs` (a crash between reserve and write leaves some). */
  expireReservations(scope: string, olderThanMs: number): void;
  /** Drops every other scope of a flow (its rules changed). */
  dropOtherScopes(flow: string, keep: string): void;
  indexCursor(scope: string): string | null;
  setIndexCursor(scope: string, cursor: string): void;
  /** Records a matching outcome; replaces the source record's previous one. */
  recordReview(item: NewReviewItem): void;
  /** Latest outcome per source record. */
  reviewsOf(flow: string, sourceIds: readonly string[]): Map<string, ReviewItem>;
  listReviews(filter?: { flow?: string; status?: ReviewStatus; limit?: number }): ReviewItem[];
  getReview(id: number): ReviewItem | undefined;
  /** Sets a decision; the item must still be pending. */
  decide(id: number, status: Exclude<ReviewStatus, 'pending'>, by: string, note?: string): ReviewItem;
  /** Decided items whose decision the engine has not applied yet. */
  undelivered(flow: string): ReviewItem[];
  markApplied(ids: readonly number[]): void;
  /** The source record linked to a target record (xrefs), if any; `targetSide` is where `targetId` lives. */
  linkedSource(kind: string, targetSide: SystemRole, targetId: string): string | undefined;
  /** Source records merged into another one of the same link kind: source id -> survivor's id. */
  aliasesOf(kind: string, sourceIds: readonly string[]): Map<string, string>;
}
