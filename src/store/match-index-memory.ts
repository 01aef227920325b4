import type { IndexedRecord } from './match-types';

interface Entry {
  record: IndexedRecord;
  keys: readonly string[];
  /** The last lookup that returned this record: seen once per lookup without a set. */
  stamp: number;
}

/**
 * One match-index scope held in memory: records by target id, and target ids by blocking key,
 * each key's ids in ascending order. That is the order the SQL lookup returns them in (the keys
 * table's primary key is scope, key, target id), so ties between equal scores resolve as they
 * did when every lookup was a query.
 *
 * @example
 * const memory = new MatchIndexMemory('token-1');
 * memory.put({ targetId: 't1', fields: { name: 'acme' }, pendingSourceId: null, updatedAt: 0 }, ['k1']);
 * memory.candidates(['k1']); // [the record]
 */
export class MatchIndexMemory {
  private readonly records = new Map<string, Entry>();
  /** Entries per key, ascending by target id; a block holds hundreds at 100,000 records. */
  private readonly byKey = new Map<string, Entry[]>();
  private lookups = 0;

  /** @param token the scope's version in the database that this copy reflects. */
  constructor(public token: string | null) {}

  /** Records sharing at least one key, keys in the order given, each record once. */
  candidates(keys: readonly string[]): IndexedRecord[] {
    const found: IndexedRecord[] = [];
    const stamp = ++this.lookups;
    for (const key of keys) {
      const entries = this.byKey.get(key);
      if (!entries) continue;
      for (const entry of entries) {
        if (entry.stamp === stamp) continue;
        entry.stamp = stamp;
        found.push(entry.record);
      }
    }
    return found;
  }

  /** Adds or replaces a record and its keys. */
  put(record: IndexedRecord, keys: readonly string[]): void {
    this.remove(record.targetId);
    const entry = { record: Object.freeze(record), keys: [...new Set(keys)], stamp: 0 };
    this.records.set(record.targetId, entry);
    for (const key of entry.keys) {
      const entries = this.byKey.get(key);
      if (!entries) this.byKey.set(key, [entry]);
      else entries.splice(insertionPoint(entries, record.targetId), 0, entry);
    }
  }

  remove(targetId: string): void {
    const entry = this.records.get(targetId);
    if (!entry) return;
    this.records.delete(targetId);
    for (const key of entry.keys) {
      const entries = this.byKey.get(key)!;
      const at = insertionPoint(entries, targetId);
      if (entries[at] === entry) entries.splice(at, 1);
      if (!entries.length) this.byKey.delete(key);
    }
  }
}

/** First position in `entries` not below `id` (SQLite's BINARY order is JS's for these ids). */
function insertionPoint(entries: readonly Entry[], id: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.record.targetId < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
