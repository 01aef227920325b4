import type { IndexedRecord } from './match-types';

interface Entry {
  record: IndexedRecord;
  keys: readonly string[];
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
  private readonly byKey = new Map<string, string[]>();

  /** @param token the scope's version in the database that this copy reflects. */
  constructor(public token: string | null) {}

  /** Records sharing at least one key, keys in the order given, each record once. */
  candidates(keys: readonly string[]): IndexedRecord[] {
    const found: IndexedRecord[] = [];
    let seen: Set<string> | undefined;
    for (const key of keys) {
      const ids = this.byKey.get(key);
      if (!ids) continue;
      for (const id of ids) {
        // Most records have one key with a block: no set needed until a second key adds ids.
        if (seen?.has(id)) continue;
        found.push(this.records.get(id)!.record);
      }
      seen ??= new Set();
      for (const id of ids) seen.add(id);
    }
    return found;
  }

  /** Adds or replaces a record and its keys. */
  put(record: IndexedRecord, keys: readonly string[]): void {
    this.remove(record.targetId);
    const unique = [...new Set(keys)];
    this.records.set(record.targetId, { record: Object.freeze(record), keys: unique });
    for (const key of unique) {
      const ids = this.byKey.get(key);
      if (!ids) {
        this.byKey.set(key, [record.targetId]);
        continue;
      }
      ids.splice(insertionPoint(ids, record.targetId), 0, record.targetId);
    }
  }

  remove(targetId: string): void {
    const entry = this.records.get(targetId);
    if (!entry) return;
    this.records.delete(targetId);
    for (const key of entry.keys) {
      const ids = this.byKey.get(key)!;
      const at = insertionPoint(ids, targetId);
      if (ids[at] === targetId) ids.splice(at, 1);
      if (!ids.length) this.byKey.delete(key);
    }
  }
}

/** First position in sorted `ids` not below `id` (SQLite's BINARY order is JS's for these ids). */
function insertionPoint(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
