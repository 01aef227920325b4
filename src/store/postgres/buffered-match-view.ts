import { IntegrationError } from '../../errors';
import type { IndexedRecord, MatchView, NewReviewItem } from '../match-types';

/** One candidate row as read for a match section: a record under one of its keys. */
export interface KeyedCandidate extends IndexedRecord {
  key: string;
}

/** A reservation the decisions made, to be written when they return. */
export interface PendingReservation {
  sourceId: string;
  fields: Record<string, unknown>;
  keys: readonly string[];
}

/** Reservations live beside real records, under an id no target system uses (as on SQLite). */
export const reservationId = (sourceId: string) => `pending:${sourceId}`;

/**
 * A {@link MatchView} over candidates and owners read up front (a PostgreSQL round trip per
 * record would hold the scope's lock for a page's worth of latency), with the decisions' writes
 * buffered for the store to write afterwards in the same transaction. Reservations made through
 * it are candidates of the later records, as they are on SQLite where they hit the database.
 *
 * @example
 * const view = new BufferedMatchView(request.keys, rows, owners);
 * const result = decide(view);
 * await writeReservations(client, scope, view.reservations);
 */
export class BufferedMatchView implements MatchView {
  readonly reservations = new Map<string, PendingReservation>();
  readonly reviews = new Map<string, NewReviewItem>();
  readonly applied = new Set<number>();
  private readonly byKey = new Map<string, Map<string, IndexedRecord>>();
  private readonly known: ReadonlySet<string>;

  constructor(
    keys: readonly string[],
    rows: readonly KeyedCandidate[],
    private readonly owners: ReadonlyMap<string, string>,
    private readonly ownersAsked: ReadonlySet<string>,
  ) {
    this.known = new Set(keys);
    for (const { key, ...record } of rows) this.add(key, record);
  }

  candidates(keys: readonly string[]): IndexedRecord[] {
    const found = new Map<string, IndexedRecord>();
    for (const key of keys) {
      if (!this.known.has(key)) throw misuse(`key ${key} was not in the request`);
      for (const [id, record] of this.byKey.get(key) ?? []) found.set(id, record);
    }
    return [...found.values()];
  }

  linkedSource(targetId: string): string | undefined {
    if (!this.ownersAsked.has(targetId)) throw misuse(`target ${targetId} is neither a candidate nor requested`);
    return this.owners.get(targetId);
  }

  reserve(sourceId: string, fields: Record<string, unknown>, keys: readonly string[]): void {
    const targetId = reservationId(sourceId);
    // Re-reserving replaces the record and its keys, as an upsert does.
    for (const byId of this.byKey.values()) byId.delete(targetId);
    const record = { targetId, fields, pendingSourceId: sourceId, updatedAt: Date.now() };
    for (const key of keys) this.add(key, record);
    this.reservations.set(sourceId, { sourceId, fields, keys });
  }

  recordReview(item: NewReviewItem): void {
    // One row per source record: the last outcome wins, as successive upserts would have it.
    this.reviews.delete(item.sourceId);
    this.reviews.set(item.sourceId, item);
  }

  markApplied(ids: readonly number[]): void {
    for (const id of ids) this.applied.add(id);
  }

  private add(key: string, record: IndexedRecord): void {
    const byId = this.byKey.get(key) ?? new Map<string, IndexedRecord>();
    this.byKey.set(key, byId);
    byId.set(record.targetId, record);
  }
}

function misuse(message: string): IntegrationError {
  return new IntegrationError('internal', `match decision: ${message}`);
}
