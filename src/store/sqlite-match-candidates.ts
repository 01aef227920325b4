import type Database from 'better-sqlite3';
import { MatchIndexMemory } from './match-index-memory';
import type { IndexedRecord } from './match-types';

/** About 30 MB of parsed candidates at most. */
const PARSED_CACHE_SIZE = 100_000;

interface Row {
  target_id: string;
  fields: string;
  pending_source_id: string | null;
  updated_at: number;
}

/**
 * Candidate lookups with SQL, for a scope that another process is writing (the in-memory copy
 * is then not trusted, see match-index-cache.ts): target records through `match_index_keys`,
 * reservations through their own `keys` column. Both are answered in the order of the
 * in-memory index (keys in order, ids ascending within a key, each record once).
 *
 * @example
 * const found = new SqliteMatchCandidates(sqlite).find('companies#ab12', ['acme|springfield']);
 */
export class SqliteMatchCandidates {
  private readonly byKey: Database.Statement;
  private readonly reservations: Database.Statement;
  /**
   * Parsed `fields` by their JSON text: a load looks the same few records up again and again
   * (every record of a block is a candidate of every later one), and parsing was a tenth of its
   * matching time. Frozen, since callers share them; cleared whole when full (no LRU upkeep).
   */
  private readonly parsed = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(sqlite: Database.Database) {
    // Driven from the few keys through the primary keys. CROSS JOIN fixes that order: without
    // statistics SQLite scanned the whole scope per lookup, 2 ms a record at 2,000 records.
    this.byKey = sqlite.prepare(`SELECT k.value AS key, i.target_id, i.fields, i.pending_source_id, i.updated_at
      FROM json_each(?) k
      CROSS JOIN match_index_keys mk ON mk.scope = ? AND mk.key = k.value
      CROSS JOIN match_index i ON i.scope = mk.scope AND i.target_id = mk.target_id`);
    // Live reservations are few (pages in flight): the partial index on pending rows finds them.
    this.reservations = sqlite.prepare(`SELECT i.target_id, i.fields, i.pending_source_id, i.updated_at, i.keys
      FROM match_index i WHERE i.scope = ? AND i.pending_source_id IS NOT NULL AND i.keys IS NOT NULL
        AND EXISTS (SELECT 1 FROM json_each(i.keys) a WHERE a.value IN (SELECT value FROM json_each(?)))`);
  }

  find(scope: string, keys: readonly string[]): IndexedRecord[] {
    const json = JSON.stringify(keys);
    const found = new MatchIndexMemory(null);
    const keysOf = new Map<string, { row: Row; keys: string[] }>();
    for (const row of this.byKey.all(json, scope) as (Row & { key: string })[]) {
      const entry = keysOf.get(row.target_id);
      if (entry) entry.keys.push(row.key);
      else keysOf.set(row.target_id, { row, keys: [row.key] });
    }
    for (const row of this.reservations.all(scope, json) as (Row & { keys: string })[]) {
      const entry = keysOf.get(row.target_id);
      const own = JSON.parse(row.keys) as string[];
      if (entry) entry.keys.push(...own);
      else keysOf.set(row.target_id, { row, keys: own });
    }
    for (const { row, keys: recordKeys } of keysOf.values()) found.put(this.record(row), recordKeys);
    return found.candidates(keys);
  }

  /** A row as the match store answers it, with `fields` parsed once per text. */
  record(row: Row): IndexedRecord {
    let fields = this.parsed.get(row.fields);
    if (!fields) {
      if (this.parsed.size >= PARSED_CACHE_SIZE) this.parsed.clear();
      fields = Object.freeze(JSON.parse(row.fields) as Record<string, unknown>);
      this.parsed.set(row.fields, fields);
    }
    return {
      targetId: row.target_id,
      fields: fields as Record<string, unknown>,
      pendingSourceId: row.pending_source_id,
      updatedAt: row.updated_at,
    };
  }
}
