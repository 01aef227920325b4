import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MatchIndexMemory } from './match-index-memory';
import type { IndexedRecord } from './match-types';

const TOKEN_PREFIX = 'match-index-version:';
/** After another process wrote a scope, lookups go to SQL for this long before memory is rebuilt. */
const QUIET_MS = 30_000;

/**
 * Keeps each match-index scope of the SQLite store in memory as well, so that a candidate lookup
 * (one per record to be created) is a few map reads instead of a query and a JSON parse: in a
 * 20,000-company load the queries were ~11 % of the bridge's CPU. SQLite stays the truth.
 * Every write transaction that changes a scope stores a new version token for it (a `cursors`
 * row); a copy whose token is not the stored one has missed another process's write (BullMQ
 * workers sharing the file) and is dropped. Lookups of that scope then run as queries until
 * the scope has been quiet for {@link QUIET_MS}, so workers writing in turn do not reload the
 * whole scope at every page. A failed transaction drops the copies it touched.
 *
 * @example
 * const cache = new MatchIndexCache(sqlite);
 * cache.run(() => cache.put('flow#1', record, keys), { immediate: true });
 */
export class MatchIndexCache {
  private readonly scopes = new Map<string, MatchIndexMemory>();
  private readonly quietUntil = new Map<string, number>();
  /** Scopes whose token was checked in the current outermost transaction: no one else can write now. */
  private readonly checked = new Set<string>();
  /** Scopes written in the current outermost transaction: their token changes at its end. */
  private readonly touched = new Set<string>();
  private depth = 0;
  private readonly writer = randomUUID();
  private writes = 0;
  private readonly s: Record<'token' | 'setToken' | 'rows' | 'keys', Database.Statement>;

  constructor(private readonly sqlite: Database.Database) {
    const p = (sql: string) => sqlite.prepare(sql);
    this.s = {
      token: p('SELECT cursor FROM cursors WHERE flow = ?').pluck(),
      setToken: p(`INSERT INTO cursors (flow, cursor, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (flow) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`),
      rows: p('SELECT target_id, fields, pending_source_id, updated_at, keys FROM match_index WHERE scope = ?'),
      keys: p('SELECT key, target_id FROM match_index_keys WHERE scope = ? ORDER BY key, target_id'),
    };
  }

  /**
   * Runs `fn` with the copies kept in step: in a transaction of its own (immediate: a write
   * lock first), or when nested, in a savepoint (`savepoint`) or directly in the caller's.
   */
  run<T>(fn: () => T, options: { immediate?: boolean; savepoint?: boolean } = {}): T {
    const outer = this.depth === 0;
    if (!outer && !options.savepoint) return this.guard(fn);
    const tx = this.sqlite.transaction(() => {
      this.depth++;
      try {
        const result = fn();
        if (outer) this.publish();
        return result;
      } finally {
        this.depth--;
      }
    });
    if (outer) this.checked.clear();
    try {
      return this.guard(() => (outer && options.immediate ? tx.immediate() : tx()));
    } finally {
      if (outer) {
        this.checked.clear();
        this.touched.clear();
      }
    }
  }

  /** The scope's records sharing a key, or undefined when the scope must be read with SQL. */
  candidates(scope: string, keys: readonly string[]): IndexedRecord[] | undefined {
    return this.memoryOf(scope)?.candidates(keys);
  }

  /** After the store wrote a record: the copy follows (call inside {@link run}). */
  put(scope: string, record: IndexedRecord, keys: readonly string[]): void {
    this.memoryOf(scope)?.put(record, keys);
    this.touched.add(scope);
  }

  /** After the store deleted a record (call inside {@link run}). */
  remove(scope: string, targetId: string): void {
    this.memoryOf(scope)?.remove(targetId);
    this.touched.add(scope);
  }

  /** After the store deleted a whole scope (call inside {@link run}). */
  dropScope(scope: string): void {
    this.scopes.delete(scope);
    this.touched.add(scope);
  }

  private memoryOf(scope: string): MatchIndexMemory | undefined {
    if (this.depth > 0 && this.checked.has(scope)) return this.scopes.get(scope);
    const token = (this.s.token.get(TOKEN_PREFIX + scope) as string | undefined) ?? null;
    let memory = this.scopes.get(scope);
    if (memory && memory.token !== token) {
      this.scopes.delete(scope);
      memory = undefined;
      this.quietUntil.set(scope, Date.now() + QUIET_MS);
    }
    if (!memory && Date.now() >= (this.quietUntil.get(scope) ?? 0)) {
      memory = this.load(scope, token);
      this.scopes.set(scope, memory);
    }
    if (this.depth > 0) this.checked.add(scope);
    return memory;
  }

  private load(scope: string, token: string | null): MatchIndexMemory {
    const keysOf = new Map<string, string[]>();
    for (const { key, target_id } of this.s.keys.iterate(scope) as Iterable<{ key: string; target_id: string }>) {
      const keys = keysOf.get(target_id);
      if (keys) keys.push(key);
      else keysOf.set(target_id, [key]);
    }
    const memory = new MatchIndexMemory(token);
    const rows = this.s.rows.iterate(scope) as Iterable<{
      target_id: string;
      fields: string;
      pending_source_id: string | null;
      updated_at: number;
      keys: string | null;
    }>;
    for (const r of rows) {
      const record = {
        targetId: r.target_id,
        fields: JSON.parse(r.fields) as Record<string, unknown>,
        pendingSourceId: r.pending_source_id,
        updatedAt: r.updated_at,
      };
      // Reservations keep their keys in the row (older ones in the keys table).
      const own = r.keys === null ? [] : (JSON.parse(r.keys) as string[]);
      memory.put(record, [...(keysOf.get(r.target_id) ?? []), ...own]);
    }
    return memory;
  }

  /** New tokens for the scopes this transaction wrote, stored with its other writes. */
  private publish(): void {
    const now = Date.now();
    for (const scope of this.touched) {
      const token = `${this.writer}:${++this.writes}`;
      this.s.setToken.run(TOKEN_PREFIX + scope, token, now);
      const memory = this.scopes.get(scope);
      if (memory) memory.token = token;
    }
  }

  /** A failure may leave a copy ahead of what was rolled back: drop the ones written. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      for (const scope of this.touched) this.scopes.delete(scope);
      throw error;
    }
  }
}
