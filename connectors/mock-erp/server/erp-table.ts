import type { EntitySetDef } from './erp-entities';

/**
 * One stored record. Records are immutable: a write replaces the object, so handlers and
 * snapshots can hold references without copying the store.
 */
export interface StoredRecord {
  /** Field values in entity-definition order, including id, number and lastModifiedDateTime. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly etag: string;
  /** Creation sequence; orders records like their `number`. */
  readonly createdSeq: number;
  /** Write sequence of the last change; orders records like `lastModifiedDateTime`. */
  readonly modSeq: number;
}

interface LogEntry {
  readonly id: string;
  readonly seq: number;
  /** lastModifiedDateTime of that write, to start a range scan by binary search. */
  readonly at: string;
}

/**
 * The records of one entity set with the indexes that keep requests O(page): creation order,
 * an append-only change log (timestamps only grow, so appending keeps it sorted; superseded
 * entries are skipped and compacted away), and equality indexes on the set's key fields.
 *
 * @example
 * const table = new ErpTable(ENTITY_SETS.customers);
 * table.put(record);
 * for (const r of table.byChange()) console.log(r.data.lastModifiedDateTime);
 */
export class ErpTable {
  /** Next `number` counter; kept here so a snapshot restores the series. */
  counter = 0;
  private readonly byId = new Map<string, StoredRecord>();
  private readonly created: LogEntry[] = [];
  private changes: LogEntry[] = [];
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(readonly def: EntitySetDef) {
    for (const field of def.indexed) this.indexes.set(field, new Map());
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredRecord | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** Inserts a new record or replaces an existing one (same id). */
  put(record: StoredRecord): void {
    const id = record.data.id as string;
    const previous = this.byId.get(id);
    if (previous) this.unindex(previous);
    else this.created.push({ id, seq: record.createdSeq, at: '' });
    this.byId.set(id, record);
    this.index(record);
    this.changes.push({ id, seq: record.modSeq, at: record.data.lastModifiedDateTime as string });
    if (this.changes.length > 2 * this.byId.size + 1024) this.compact();
  }

  /** Fills an empty table from a snapshot, rebuilding both orders and the indexes. */
  load(records: readonly StoredRecord[]): void {
    for (const record of [...records].sort((a, b) => a.createdSeq - b.createdSeq)) {
      const id = record.data.id as string;
      this.byId.set(id, record);
      this.created.push({ id, seq: record.createdSeq, at: '' });
      this.index(record);
    }
    const byWrite = [...records].sort((a, b) => a.modSeq - b.modSeq);
    this.changes = byWrite.map((record) => ({
      id: record.data.id as string,
      seq: record.modSeq,
      at: record.data.lastModifiedDateTime as string,
    }));
  }

  remove(id: string): StoredRecord | undefined {
    const record = this.byId.get(id.toLowerCase());
    if (!record) return undefined;
    this.byId.delete(record.data.id as string);
    this.unindex(record);
    // Deletes are rare, so an O(n) splice here keeps reads simple.
    this.created.splice(
      lowerBound(this.created, (entry) => entry.seq < record.createdSeq),
      1,
    );
    return record;
  }

  /** True when `field` has an equality index (`id` always has one). */
  isIndexed(field: string): boolean {
    return field === 'id' || this.indexes.has(field);
  }

  /** Ids whose `field` equals `value`, compared case-insensitively like BC; undefined if not indexed. */
  lookup(field: string, value: string): ReadonlySet<string> | undefined {
    if (field === 'id') return new Set(this.byId.has(value.toLowerCase()) ? [value.toLowerCase()] : []);
    return this.indexes.get(field)?.get(value.toLowerCase()) ?? (this.indexes.has(field) ? new Set() : undefined);
  }

  /** Records in creation order, starting after creation sequence `afterSeq`. */
  *byCreation(afterSeq = 0): Generator<StoredRecord> {
    for (let i = lowerBound(this.created, (entry) => entry.seq <= afterSeq); i < this.created.length; i++) {
      const record = this.byId.get((this.created[i] as LogEntry).id);
      if (record) yield record;
    }
  }

  /** Records in change order, after write sequence `afterSeq` and changed at or after `fromAt`. */
  *byChange(afterSeq = 0, fromAt = ''): Generator<StoredRecord> {
    const log = this.changes;
    const start = Math.max(
      lowerBound(log, (entry) => entry.seq <= afterSeq),
      lowerBound(log, (entry) => entry.at < fromAt),
    );
    for (let i = start; i < log.length; i++) {
      const entry = log[i] as LogEntry;
      const record = this.byId.get(entry.id);
      if (record && record.modSeq === entry.seq) yield record;
    }
  }

  private compact(): void {
    this.changes = this.changes.filter((entry) => this.byId.get(entry.id)?.modSeq === entry.seq);
  }

  private index(record: StoredRecord): void {
    for (const [field, index] of this.indexes) {
      const key = indexKey(record.data[field]);
      if (key === undefined) continue;
      const ids = index.get(key);
      if (ids) ids.add(record.data.id as string);
      else index.set(key, new Set([record.data.id as string]));
    }
  }

  private unindex(record: StoredRecord): void {
    for (const [field, index] of this.indexes) {
      const key = indexKey(record.data[field]);
      if (key === undefined) continue;
      const ids = index.get(key);
      ids?.delete(record.data.id as string);
      if (ids?.size === 0) index.delete(key);
    }
  }
}

function indexKey(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** First index for which `before` is false; `before` must be true on a prefix of the array. */
function lowerBound<T>(items: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(items[mid] as T)) low = mid + 1;
    else high = mid;
  }
  return low;
}
