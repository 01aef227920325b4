import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { SqliteMatchStore } from './sqlite-match-store';

describe('SqliteMatchStore', () => {
  it('finds indexed records and reservations by shared key, and forgets released ones', () => {
    const state = openDatabase(':memory:');
    const store = new SqliteMatchStore(state.sqlite);
    store.index('flow#1', [
      { targetId: 't1', fields: { displayName: 'Acme' }, keys: ['k-acme', 'k-phone'] },
      { targetId: 't2', fields: { displayName: 'Zenith' }, keys: ['k-zenith'] },
    ]);
    store.exclusive(() => store.reserve('flow#1', 's9', { displayName: 'ACME' }, ['k-acme']));
    const found = store.candidates('flow#1', ['k-acme', 'k-unknown']);
    expect(found.map((r) => [r.targetId, r.pendingSourceId]).sort()).toEqual([
      ['pending:s9', 's9'],
      ['t1', null],
    ]);
    expect(store.candidates('flow#2', ['k-acme'])).toEqual([]);
    store.release('flow#1', ['s9']);
    expect(store.candidates('flow#1', ['k-acme']).map((r) => r.targetId)).toEqual(['t1']);
    // Re-indexing a record replaces its keys.
    store.index('flow#1', [{ targetId: 't1', fields: { displayName: 'Acme 2' }, keys: ['k-new'] }]);
    expect(store.candidates('flow#1', ['k-acme'])).toEqual([]);
    store.dropOtherScopes('flow', 'flow#2');
    expect(store.candidates('flow#1', ['k-zenith'])).toEqual([]);
    state.close();
  });

  it('keeps one review row per source record and resolves merged aliases', () => {
    const state = openDatabase(':memory:');
    const store = new SqliteMatchStore(state.sqlite);
    const base = {
      flow: 'f',
      kind: 'company',
      sourceSide: 'crm' as const,
      candidateId: null,
      reason: 'source_duplicate' as const,
      score: 0.95,
      explanation: { score: 0.95, fields: [] },
    };
    store.recordReview({ ...base, sourceId: '2', candidateSourceId: '1', status: 'pending' });
    store.recordReview({ ...base, sourceId: '2', candidateSourceId: '1', status: 'merged', decidedBy: 'engine' });
    expect(store.listReviews()).toHaveLength(1);
    expect(store.aliasesOf('company', ['2', '3'])).toEqual(new Map([['2', '1']]));
    expect(store.undelivered('f')).toEqual([]);
    state.close();
  });
});
