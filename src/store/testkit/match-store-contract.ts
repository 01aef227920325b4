import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { MatchRequest, MatchStore, NewReviewItem } from '../match-types';
import type { StateStore } from '../state-types';
import type { StoreHarness } from './state-store-contract';

const SCOPE = 'companies#r1';

const request = (keys: string[], extra: Partial<MatchRequest> = {}): MatchRequest => ({
  scope: SCOPE,
  kind: 'company',
  targetSide: 'erp',
  keys,
  targetIds: [],
  reservationTtlMs: 60_000,
  ...extra,
});

const review = (sourceId: string, extra: Partial<NewReviewItem> = {}): NewReviewItem => ({
  flow: 'companies',
  kind: 'company',
  sourceSide: 'crm',
  sourceId,
  candidateId: 'erp-7',
  candidateSourceId: null,
  reason: 'fuzzy',
  score: 0.81,
  // A string that looks like a number must come back a string (jsonb re-parsing turned it into one).
  explanation: { score: 0.81, fields: [{ field: 'taxId', left: '123', right: '123', level: 'exact' }] },
  sourceFields: { name: 'Acme', zip: '01234' },
  status: 'pending',
  ...extra,
});

const ids = (records: { targetId: string }[]) => records.map((r) => r.targetId).sort();

/** Links CRM record `crmId` to ERP record `erpId`, as a committed page does. */
async function link(store: StateStore, crmId: string, erpId: string): Promise<void> {
  const run = await store.startRun('companies', 'test');
  await store.commitPage({
    runId: run.id,
    flow: 'companies',
    kind: 'company',
    sourceSide: 'crm',
    links: [{ sourceId: crmId, targetId: erpId, sourceFingerprint: 's', writtenFingerprint: 'w', mappingVersion: '1' }],
    history: [],
    counts: {},
    pageDone: true,
  });
}

/**
 * The {@link MatchStore} contract (local match index, reservations, the exclusive decision
 * section, review queue), run against every dialect so that they cannot drift. The harness opens
 * a whole {@link StateStore}: owners of targets come from its cross-references.
 *
 * @example
 * matchStoreContract('SQLite file', sqliteHarness((state) => new SqliteStateStore(state)));
 */
export function matchStoreContract(dialect: string, harness: StoreHarness<StateStore>): void {
  describe(`MatchStore contract (${dialect})`, () => {
    afterEach(() => harness.closeLast());
    afterAll(() => harness.dispose());
    const matchingOf = async (name: string): Promise<[StateStore, MatchStore]> => {
      const store = await harness.open(name);
      expect(store.matching).toBeDefined();
      return [store, store.matching!];
    };

    it('finds indexed records and reservations by shared key, and forgets released ones', async () => {
      const [, m] = await matchingOf('index');
      // Real blocking keys join their parts with NUL.
      const nul = 'name\u0000acme\\0';
      await m.index(SCOPE, [
        { targetId: 't1', fields: { name: 'acme', zip: '01234' }, keys: ['k-acme', 'k-phone', nul] },
        { targetId: 't2', fields: { name: 'zenith' }, keys: ['k-zenith'] },
      ]);
      await m.matchExclusive(request(['k-acme']), (view) => view.reserve('s9', { name: 'acme inc' }, ['k-acme']));
      const found = await m.candidates(SCOPE, ['k-acme', 'k-unknown']);
      expect(found.map((r) => [r.targetId, r.pendingSourceId, r.fields]).sort()).toEqual([
        ['pending:s9', 's9', { name: 'acme inc' }],
        ['t1', null, { name: 'acme', zip: '01234' }],
      ]);
      expect(await m.candidates('companies#r2', ['k-acme'])).toEqual([]);
      expect(ids(await m.candidates(SCOPE, [nul]))).toEqual(['t1']);
      expect(await m.candidates(SCOPE, ['name\\0acme\\0'])).toEqual([]);
      expect(await m.matchExclusive(request([nul]), (view) => view.candidates([nul]).map((r) => r.targetId))).toEqual([
        't1',
      ]);
      expect(await m.candidates(SCOPE, [])).toEqual([]);
      await m.release(SCOPE, ['s9']);
      expect(ids(await m.candidates(SCOPE, ['k-acme']))).toEqual(['t1']);
      // Re-indexing a record replaces its keys.
      await m.index(SCOPE, [{ targetId: 't1', fields: { name: 'acme 2' }, keys: ['k-new'] }]);
      expect(await m.candidates(SCOPE, ['k-acme'])).toEqual([]);
      expect((await m.candidates(SCOPE, ['k-new']))[0]?.fields).toEqual({ name: 'acme 2' });
    });

    it('keeps an index cursor per scope and drops the other scopes of a flow with their cursors', async () => {
      const [, m] = await matchingOf('scopes');
      await m.index('companies#old', [{ targetId: 't1', fields: {}, keys: ['k'] }]);
      await m.index(SCOPE, [{ targetId: 't2', fields: {}, keys: ['k'] }]);
      await m.index('contacts#old', [{ targetId: 't3', fields: {}, keys: ['k'] }]);
      expect(await m.indexCursor('companies#old')).toBeNull();
      await m.setIndexCursor('companies#old', '2026-01-01T00:00:00Z');
      await m.setIndexCursor(SCOPE, 'c2');
      expect(await m.indexCursor('companies#old')).toBe('2026-01-01T00:00:00Z');
      await m.dropOtherScopes('companies', SCOPE);
      expect(await m.candidates('companies#old', ['k'])).toEqual([]);
      expect(await m.indexCursor('companies#old')).toBeNull();
      expect(ids(await m.candidates(SCOPE, ['k']))).toEqual(['t2']);
      expect(await m.indexCursor(SCOPE)).toBe('c2');
      expect(ids(await m.candidates('contacts#old', ['k']))).toEqual(['t3']);
    });

    it('lets a decision see its own reservations and the owners of targets, and commits its writes', async () => {
      const [store, m] = await matchingOf('decide');
      await m.index(SCOPE, [{ targetId: 'erp-1', fields: { name: 'acme' }, keys: ['k-acme'] }]);
      await link(store, 'crm-1', 'erp-1');
      const seen = await m.matchExclusive(request(['k-acme', 'k-beta'], { targetIds: ['erp-9'] }), (view) => {
        const before = ids(view.candidates(['k-beta']));
        view.reserve('crm-2', { name: 'beta' }, ['k-beta']);
        view.recordReview(review('crm-3', { candidateId: 'erp-1', candidateSourceId: 'crm-1' }));
        return {
          before,
          after: view.candidates(['k-beta']).map((r) => [r.targetId, r.pendingSourceId]),
          owner: view.linkedSource('erp-1'),
          unlinked: view.linkedSource('erp-9'),
          acme: ids(view.candidates(['k-acme'])),
        };
      });
      expect(seen).toEqual({
        before: [],
        after: [['pending:crm-2', 'crm-2']],
        owner: 'crm-1',
        unlinked: undefined,
        acme: ['erp-1'],
      });
      expect(ids(await m.candidates(SCOPE, ['k-beta']))).toEqual(['pending:crm-2']);
      expect((await m.reviewsOf('companies', ['crm-3'])).get('crm-3')).toMatchObject({ candidateSourceId: 'crm-1' });
      expect(await m.linkedSource('company', 'erp', 'erp-1')).toBe('crm-1');
      expect(await m.linkedSource('company', 'crm', 'crm-1')).toBe('erp-1');
      expect(await m.linkedSource('company', 'erp', 'erp-2')).toBeUndefined();
    });

    it('rolls a failed decision back and expires reservations older than the request says', async () => {
      const [, m] = await matchingOf('rollback');
      await expect(
        m.matchExclusive(request(['k']), (view) => {
          view.reserve('s1', {}, ['k']);
          view.recordReview(review('s1'));
          throw new Error('decision failed');
        }),
      ).rejects.toThrow('decision failed');
      expect(await m.candidates(SCOPE, ['k'])).toEqual([]);
      expect(await m.listReviews()).toEqual([]);
      await m.matchExclusive(request(['k']), (view) => view.reserve('s2', {}, ['k']));
      await m.index(SCOPE, [{ targetId: 'real', fields: {}, keys: ['k'] }]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      // A crashed page's reservation stops blocking once older than the TTL; real records stay.
      const left = await m.matchExclusive(request(['k'], { reservationTtlMs: 1 }), (view) =>
        ids(view.candidates(['k'])),
      );
      expect(left).toEqual(['real']);
    });

    it('keeps one review row per source record, decides pending items once, hands decisions back', async () => {
      const [, m] = await matchingOf('reviews');
      await m.recordReview(review('1'));
      await m.recordReview(review('2', { candidateSourceId: '1', reason: 'source_duplicate' }));
      await m.recordReview(
        review('2', { candidateSourceId: '1', reason: 'source_duplicate', status: 'merged', decidedBy: 'engine' }),
      );
      await m.recordReview(review('3', { status: 'linked', decidedBy: 'engine' }));
      expect(await m.listReviews()).toHaveLength(3);
      expect((await m.listReviews({ status: 'pending' })).map((r) => r.sourceId)).toEqual(['1']);
      expect(await m.listReviews({ flow: 'other' })).toEqual([]);
      expect(await m.listReviews({ limit: 1 })).toHaveLength(1);
      expect(await m.aliasesOf('company', ['2', '3'])).toEqual(new Map([['2', '1']]));
      expect(await m.aliasesOf('company', [])).toEqual(new Map());
      expect(await m.undelivered('companies')).toEqual([]);

      const pending = (await m.reviewsOf('companies', ['1', 'x'])).get('1')!;
      expect(pending).toMatchObject({ reason: 'fuzzy', score: 0.81, decidedAt: null, appliedAt: null });
      expect(pending.explanation).toEqual(review('1').explanation);
      expect(pending.sourceFields).toEqual({ name: 'Acme', zip: '01234' });
      expect(typeof pending.id).toBe('number');
      expect(typeof pending.createdAt).toBe('number');
      const decided = await m.decide(pending.id, 'linked', 'ana', 'same firm');
      expect(decided).toMatchObject({ status: 'linked', decidedBy: 'ana', note: 'same firm' });
      expect(typeof decided.decidedAt).toBe('number');
      // Decided already: a second decision changes nothing.
      expect(await m.decide(pending.id, 'created', 'bob')).toMatchObject({ status: 'linked', decidedBy: 'ana' });
      expect(await m.getReview(pending.id)).toEqual(decided);
      expect(await m.getReview(9_999)).toBeUndefined();
      expect((await m.undelivered('companies')).map((r) => r.id)).toEqual([pending.id]);
      await m.markApplied([pending.id]);
      expect(await m.undelivered('companies')).toEqual([]);
      expect(typeof (await m.getReview(pending.id))?.appliedAt).toBe('number');
    });

    it('lets exactly one of two racing connections reserve a near-duplicate; the other sees it', async () => {
      await harness.open('race');
      const [a, b] = [(await harness.openPeer('race')).matching!, (await harness.openPeer('race')).matching!];
      // A page's decision: create (reserve) unless a candidate is already there.
      const page = (m: MatchStore, sourceId: string, scope: string) =>
        m.matchExclusive(request(['k-acme'], { scope }), (view) => {
          const found = view.candidates(['k-acme']);
          if (found.length) return `saw ${found.map((r) => r.pendingSourceId).join()}`;
          view.reserve(sourceId, { name: 'acme' }, ['k-acme']);
          return 'reserved';
        });
      const races = Array.from({ length: 20 }, (_, i) =>
        Promise.all([page(a, 'crm-a', `race#${i}`), page(b, 'crm-b', `race#${i}`)]),
      );
      for (const [fromA, fromB] of await Promise.all(races)) {
        expect([fromA, fromB]).toEqual(fromA === 'reserved' ? ['reserved', 'saw crm-a'] : ['saw crm-b', 'reserved']);
      }
      expect(ids(await a.candidates('race#0', ['k-acme']))).toHaveLength(1);
    });
  });
}
