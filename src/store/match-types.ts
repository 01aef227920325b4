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
 * What match decisions read and write inside {@link MatchStore.matchExclusive}. Synchronous: the
 * decisions run as one critical section with nothing interleaved. Reads see the reservations made
 * earlier through the same view (a page's own near-duplicates); writes commit with the section.
 */
export interface MatchView {
  /** Indexed records and reservations sharing at least one key (keys from the request only). */
  candidates(keys: readonly string[]): IndexedRecord[];
  /** The source record linked to a target record (candidates' and the request's `targetIds`). */
  linkedSource(targetId: string): string | undefined;
  /** Reserves a create for `sourceId`, visible to other pages until released. */
  reserve(sourceId: string, fields: Record<string, unknown>, keys: readonly string[]): void;
  /** Records a matching outcome; replaces the source record's previous one. */
  recordReview(item: NewReviewItem): void;
  markApplied(ids: readonly number[]): void;
}

/** What one exclusive match section is about, so a store can read it all up front. */
export interface MatchRequest {
  scope: string;
  /** Link kind and the side target ids live on, for `linkedSource`. */
  kind: string;
  targetSide: SystemRole;
  /** Every blocking key the decisions look up. */
  keys: readonly string[];
  /** Target ids besides the candidates whose owner the decisions may ask (reviewed links). */
  targetIds: readonly string[];
  /** Reservations older than this are dropped first (a crash between reserve and write leaves some). */
  reservationTtlMs: number;
}

/**
 * The state matching needs: the local index of target records and the review queue. Async so a
 * PostgreSQL store can exist; the one critical section, reading candidates and reserving creates
 * with nothing interleaved (two pages must not both create near-duplicates), is
 * {@link MatchStore.matchExclusive}: a synchronous decision callback the store runs in its own
 * transaction (SQLite: one immediate transaction; PostgreSQL: an advisory lock per scope).
 */
export interface MatchStore {
  /**
   * Runs `decide` against the scope's candidates, xref owners and reviews with other writers of
   * the scope locked out, then commits its reservations, reviews and applied marks.
   */
  matchExclusive<T>(request: MatchRequest, decide: (view: MatchView) => T): Promise<T>;
  /** Indexed records (and reservations) sharing at least one key. */
  candidates(scope: string, keys: readonly string[]): Promise<IndexedRecord[]>;
  /** Inserts or replaces target records with their keys; clears reservations they fulfil. */
  index(
    scope: string,
    records: readonly { targetId: string; fields: Record<string, unknown>; keys: string[] }[],
  ): Promise<void>;
  /** Drops reservations of these source records. */
  release(scope: string, sourceIds: readonly string[]): Promise<void>;
  /** Drops every other scope of a flow (its rules changed). */
  dropOtherScopes(flow: string, keep: string): Promise<void>;
  indexCursor(scope: string): Promise<string | null>;
  setIndexCursor(scope: string, cursor: string): Promise<void>;
  /** Records a matching outcome; replaces the source record's previous one. */
  recordReview(item: NewReviewItem): Promise<void>;
  /** Latest outcome per source record. */
  reviewsOf(flow: string, sourceIds: readonly string[]): Promise<Map<string, ReviewItem>>;
  listReviews(filter?: { flow?: string; status?: ReviewStatus; limit?: number }): Promise<ReviewItem[]>;
  getReview(id: number): Promise<ReviewItem | undefined>;
  /** Sets a decision; the item must still be pending. */
  decide(id: number, status: Exclude<ReviewStatus, 'pending'>, by: string, note?: string): Promise<ReviewItem>;
  /** Decided items whose decision the engine has not applied yet. */
  undelivered(flow: string): Promise<ReviewItem[]>;
  markApplied(ids: readonly number[]): Promise<void>;
  /** The source record linked to a target record (xrefs), if any; `targetSide` is where `targetId` lives. */
  linkedSource(kind: string, targetSide: SystemRole, targetId: string): Promise<string | undefined>;
  /** Source records merged into another one of the same link kind: source id -> survivor's id. */
  aliasesOf(kind: string, sourceIds: readonly string[]): Promise<Map<string, string>>;
}
