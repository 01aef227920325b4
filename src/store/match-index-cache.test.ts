import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type StateDatabase } from './database';
import type { MatchView } from './match-types';
import { SqliteMatchStore } from './sqlite-match-store';

const dirs: string[] = [];
const opened: StateDatabase[] = [];
afterEach(() => {
  for (const state of opened.splice(0)) state.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Two connections to one file: what two worker processes sharing the SQLite state see. */
function twoStores(): [SqliteMatchStore, SqliteMatchStore] {
  const dir = mkdtempSync(join(tmpdir(), 'match-cache-'));
  dirs.push(dir);
  const a = openDatabase(join(dir, 'bridge.db'));
  const b = openDatabase(join(dir, 'bridge.db'));
  opened.push(a, b);
  return [new SqliteMatchStore(a.sqlite), new SqliteMatchStore(b.sqlite)];
}

const ids = async (records: Promise<{ targetId: string }[]>) => (await records).map((r) => r.targetId);

/** Runs `fn` in the store's exclusive section on scope `f#1`. */
function exclusive<T>(store: SqliteMatchStore, fn: (view: MatchView) => T): Promise<T> {
  const request = { scope: 'f#1', kind: 'company', targetSide: 'erp' as const, keys: [], targetIds: [] };
  return store.matchExclusive({ ...request, reservationTtlMs: 60_000 }, fn);
}

describe('SqliteMatchStore in-memory index', () => {
  it("sees another connection's writes and releases, not a stale copy", async () => {
    const [a, b] = twoStores();
    await a.index('f#1', [{ targetId: 't1', fields: { name: 'acme' }, keys: ['k'] }]);
    expect(await ids(a.candidates('f#1', ['k']))).toEqual(['t1']);
    expect(await ids(b.candidates('f#1', ['k']))).toEqual(['t1']);
    await exclusive(b, (view) => view.reserve('s2', { name: 'acme inc' }, ['k']));
    // `a` held the scope in memory before `b` wrote: it must not answer from that copy.
    expect(await ids(a.candidates('f#1', ['k']))).toEqual(['pending:s2', 't1']);
    await b.release('f#1', ['s2']);
    expect(await ids(a.candidates('f#1', ['k']))).toEqual(['t1']);
    await a.index('f#1', [{ targetId: 't0', fields: { name: 'acme' }, keys: ['k', 'other'] }]);
    expect(await ids(b.candidates('f#1', ['other', 'k']))).toEqual(['t0', 't1']);
  });

  it('forgets what a failed transaction wrote', async () => {
    const [a] = twoStores();
    await a.index('f#1', [{ targetId: 't1', fields: { name: 'acme' }, keys: ['k'] }]);
    let seen: string[] = [];
    await expect(
      exclusive(a, (view) => {
        view.reserve('s2', { name: 'acme' }, ['k']);
        seen = view.candidates(['k']).map((r) => r.targetId);
        throw new Error('page failed');
      }),
    ).rejects.toThrow('page failed');
    expect(seen).toEqual(['pending:s2', 't1']);
    expect(await ids(a.candidates('f#1', ['k']))).toEqual(['t1']);
  });

  it('answers in the order of the keys, each record once, ids ascending within a key', async () => {
    const [a, b] = twoStores();
    await a.index('f#1', [
      { targetId: 't3', fields: {}, keys: ['k1', 'k2'] },
      { targetId: 't1', fields: {}, keys: ['k2'] },
      { targetId: 't2', fields: {}, keys: ['k1', 'k2', 'k2'] },
    ]);
    // `b` loads the scope from the file; `a` kept it in step with its own writes.
    for (const store of [a, b]) expect(await ids(store.candidates('f#1', ['k1', 'k2']))).toEqual(['t2', 't3', 't1']);
    await a.index('f#1', [{ targetId: 't2', fields: {}, keys: ['k3'] }]);
    await exclusive(a, (view) => view.reserve('s1', {}, ['k3', 'k2']));
    // `b` now answers with SQL (its copy is stale), reservations' keys coming from their rows.
    for (const store of [a, b])
      expect(await ids(store.candidates('f#1', ['k2', 'k3']))).toEqual(['pending:s1', 't1', 't3', 't2']);
  });
});
