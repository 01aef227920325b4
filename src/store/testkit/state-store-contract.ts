import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PageCommit, StateStore } from '../state-types';

/** How a contract suite reaches one dialect's store. */
export interface StoreHarness<S> {
  /** Opens the store of database `name`: the same name reopens the same data, another is empty. */
  open(name: string): Promise<S>;
  /** Rows of table `table` in database `name`, counted behind the store's back. */
  count(name: string, table: string): Promise<number>;
  /**
   * Opens database `name` again on a connection (pool, file handle) of its own, as another
   * process would; closed by `dispose`.
   */
  openPeer(name: string): Promise<S>;
  /** Closes what `open` opened last (a reopen follows). */
  closeLast(): Promise<void>;
  /** Closes and removes everything. */
  dispose(): Promise<void>;
}

const page = (runId: string, ids: string[], extra: Partial<PageCommit> = {}): PageCommit => ({
  runId,
  flow: 'companies',
  kind: 'company',
  sourceSide: 'crm',
  links: ids.map((id) => ({
    sourceId: id,
    targetId: `erp-${id}`,
    sourceFingerprint: 's',
    writtenFingerprint: 'w',
    mappingVersion: '1-a',
  })),
  history: ids.map((id) => ({ sourceId: id, targetId: `erp-${id}`, action: 'created' as const, after: { n: id } })),
  counts: { created: ids.length },
  pageDone: true,
  ...extra,
});

/**
 * The {@link StateStore} contract, run against every dialect so that they cannot drift: each
 * dialect's test file calls it with a harness over real databases.
 *
 * @example
 * stateStoreContract('SQLite file', sqliteHarness());
 */
export function stateStoreContract(dialect: string, harness: StoreHarness<StateStore>): void {
  describe(`StateStore contract (${dialect})`, () => {
    afterEach(() => harness.closeLast());
    afterAll(() => harness.dispose());

    it('commits links, history and counts together and ends the run when all pages are done', async () => {
      const store = await harness.open('a');
      const run = await store.startRun('companies', 'initial');
      await store.commitPage(page(run.id, ['1', '2']));
      expect((await store.getRun(run.id))?.status).toBe('running');
      await store.commitPage(page(run.id, ['3']));
      const finished = await store.finishReading(run.id, { pagesTotal: 2, read: 3 });
      expect(finished).toMatchObject({ status: 'succeeded', created: 3, read: 3, pagesDone: 2, readingDone: true });
      expect(finished.finishedAt).toBeGreaterThanOrEqual(finished.startedAt);

      const byCrm = await store.findXrefs('company', 'crm', ['1', '3', '9']);
      expect([...byCrm.keys()].sort()).toEqual(['1', '3']);
      expect(byCrm.get('1')).toMatchObject({ kind: 'company', crmId: '1', erpId: 'erp-1', mappingVersion: '1-a' });
      expect(typeof byCrm.get('1')?.updatedAt).toBe('number');
      const byErp = await store.findXrefs('company', 'erp', ['erp-2']);
      expect(byErp.get('erp-2')?.crmId).toBe('2');
      expect((await store.findXrefs('company', 'crm', [])).size).toBe(0);
      expect((await store.history('companies', '1'))[0]).toMatchObject({
        action: 'created',
        after: { n: '1' },
        before: null,
        runId: run.id,
      });
    });

    it('re-linking the same source updates the pair instead of duplicating it, also within one page', async () => {
      const store = await harness.open('b');
      const run = await store.startRun('companies', 'initial');
      for (const fp of ['a', 'b']) {
        const link = {
          sourceId: '1',
          targetId: 'erp-1',
          sourceFingerprint: fp,
          writtenFingerprint: fp,
          mappingVersion: '1',
        };
        await store.commitPage(page(run.id, [], { links: [link], pageDone: false }));
      }
      const twice = ['c', 'd'].map((fp) => ({
        sourceId: '2',
        targetId: 'erp-2',
        sourceFingerprint: fp,
        writtenFingerprint: fp,
        mappingVersion: '1',
      }));
      await store.commitPage(page(run.id, [], { links: twice, pageDone: false }));
      const links = await store.findXrefs('company', 'crm', ['1', '2']);
      expect(links.get('1')?.sourceFingerprint).toBe('b');
      expect(links.get('2')?.sourceFingerprint).toBe('d');
      expect(await harness.count('b', 'xrefs')).toBe(2);
    });

    it('links an ERP-sourced flow by its ERP id, and re-points the CRM side of that pair', async () => {
      const store = await harness.open('e');
      const run = await store.startRun('customers', 'initial');
      const link = (target: string) => ({
        sourceId: 'E1',
        targetId: target,
        sourceFingerprint: 's',
        writtenFingerprint: 'w',
        mappingVersion: '1',
      });
      await store.commitPage(page(run.id, [], { sourceSide: 'erp', links: [link('C1')], history: [] }));
      await store.commitPage(page(run.id, [], { sourceSide: 'erp', links: [link('C2')], history: [] }));
      expect((await store.findXrefs('company', 'erp', ['E1'])).get('E1')?.crmId).toBe('C2');
      expect((await store.findXrefs('company', 'crm', ['C1'])).size).toBe(0);
    });

    it('pairs many ERP records with one CRM record when the target is shared (every invoice of a deal)', async () => {
      const store = await harness.open('s');
      const run = await store.startRun('invoices', 'initial');
      const link = (source: string, target: string, fp = 's') => ({
        sourceId: source,
        targetId: target,
        sourceFingerprint: fp,
        writtenFingerprint: 'w',
        mappingVersion: '1',
      });
      const shared = { sourceSide: 'erp' as const, kind: 'invoice', sharedTarget: true, history: [] };
      await store.commitPage(page(run.id, [], { ...shared, links: [link('INV1', 'DEAL1')] }));
      await store.commitPage(
        page(run.id, [], { ...shared, links: [link('INV2', 'DEAL1'), link('INV1', 'DEAL1', 't')] }),
      );
      const found = await store.findXrefs('invoice', 'erp', ['INV1', 'INV2']);
      expect([found.get('INV1')?.crmId, found.get('INV2')?.crmId]).toEqual(['DEAL1', 'DEAL1']);
      expect(found.get('INV1')?.sourceFingerprint).toBe('t');
      expect(await harness.count('s', 'xrefs')).toBe(2);
      // The source side stays unique: an invoice moved to another deal keeps one pair.
      await store.commitPage(page(run.id, [], { ...shared, links: [link('INV2', 'DEAL2')] }));
      expect((await store.findXrefs('invoice', 'erp', ['INV2'])).get('INV2')?.crmId).toBe('DEAL2');
      expect(await harness.count('s', 'xrefs')).toBe(2);
      // One-to-one kinds still refuse a second pair for one CRM record.
      const single = { sourceSide: 'erp' as const, kind: 'deal', history: [] };
      await store.commitPage(page(run.id, [], { ...single, links: [link('SO1', 'DEAL1')] }));
      await expect(store.commitPage(page(run.id, [], { ...single, links: [link('SO2', 'DEAL1')] }))).rejects.toThrow();
    });

    it('applies nothing of a page whose commit fails (links, history and counts roll back together)', async () => {
      const store = await harness.open('d');
      const run = await store.startRun('companies', 'initial');
      await store.commitPage(page(run.id, ['1'], { pageDone: false }));
      // '2' -> erp-1 collides with the pair 1 <-> erp-1 (xrefs are one-to-one).
      const bad = page(run.id, ['3'], { pageDone: true });
      bad.links.push({
        sourceId: '2',
        targetId: 'erp-1',
        sourceFingerprint: 's',
        writtenFingerprint: 'w',
        mappingVersion: '1',
      });
      await expect(store.commitPage(bad)).rejects.toThrow();
      expect(await store.getRun(run.id)).toMatchObject({ created: 1, pagesDone: 0, status: 'running' });
      expect((await store.findXrefs('company', 'crm', ['2', '3'])).size).toBe(0);
      expect(await store.history('companies', '3')).toEqual([]);
      expect(await harness.count('d', 'record_history')).toBe(1);
    });

    it('loses no count when pages of one run commit at the same time', async () => {
      const store = await harness.open('f');
      const run = await store.startRun('companies', 'initial');
      const pages = Array.from({ length: 12 }, (_, p) => Array.from({ length: 25 }, (_, i) => `${p}-${i}`));
      await Promise.all(
        pages.map((ids) => store.commitPage(page(run.id, ids, { counts: { created: ids.length, read: ids.length } }))),
      );
      const done = await store.finishReading(run.id, { pagesTotal: pages.length, read: 300 });
      expect(done).toMatchObject({ status: 'succeeded', created: 300, read: 300, pagesDone: 12 });
      expect(await harness.count('f', 'xrefs')).toBe(300);
      expect(await harness.count('f', 'record_history')).toBe(300);
    });

    it('ignores a page estimate that arrives after reading finished, so the run still ends', async () => {
      const store = await harness.open('late');
      const run = await store.startRun('companies', 'initial');
      // Read job 0 enqueued page 0 and read job 1; job 1 (no records) ends reading before job 0
      // gets to record its page: the exact totals already include that page.
      await store.addRunPages(run.id, 0, 0);
      await store.finishReading(run.id, { pagesTotal: 1, read: 1 });
      await store.addRunPages(run.id, 1, 1);
      expect(await store.getRun(run.id)).toMatchObject({ pagesTotal: 1, read: 1, status: 'running' });
      const done = await store.commitPage(page(run.id, ['1']));
      expect(done).toMatchObject({ status: 'succeeded', pagesTotal: 1, pagesDone: 1 });
    });

    it('marks a run partial when records failed, failed when reading failed; keeps cursors across reopen', async () => {
      let store = await harness.open('c');
      const partial = await store.startRun('f', 'poll');
      await store.addRunPages(partial.id, 1, 5);
      expect(await store.getRun(partial.id)).toMatchObject({ pagesTotal: 1, read: 5, status: 'running' });
      await store.commitPage({
        runId: partial.id,
        flow: 'f',
        kind: 'k',
        sourceSide: 'crm',
        links: [],
        history: [{ sourceId: 'x', action: 'failed', errorCode: 'mapping_failed', errorMessage: 'bad' }],
        counts: { failed: 1 },
        pageDone: true,
      });
      expect((await store.finishReading(partial.id, { pagesTotal: 1, read: 1 })).status).toBe('partial');
      const failed = await store.startRun('f', 'poll');
      const ended = await store.finishReading(failed.id, { error: 'permission_denied: no scope' });
      expect(ended).toMatchObject({ status: 'failed', error: 'permission_denied: no scope' });
      expect(await store.getCursor('f')).toBeNull();
      await store.setCursor('f', '2026-01-01T00:00:00.000Z');
      await store.setCursor('f', '2026-02-01T00:00:00.000Z');
      await harness.closeLast();
      store = await harness.open('c');
      expect(await store.getCursor('f')).toBe('2026-02-01T00:00:00.000Z');
      expect((await store.listRuns({ flow: 'f' })).map((r) => r.status).sort()).toEqual(['failed', 'partial']);
      expect(await store.listRuns({ flow: 'f', limit: 1 })).toHaveLength(1);
      expect(await store.listRuns({ flow: 'other' })).toEqual([]);
      expect(await store.getRun('no-such-run')).toBeUndefined();
      expect((await store.history('f', 'x'))[0]).toMatchObject({ action: 'failed', errorCode: 'mapping_failed' });
    });

    it('writes alsoLink pairs with the page: a moved pair drops its fingerprints, the same pair keeps them', async () => {
      const store = await harness.open('also');
      const run = await store.startRun('quotes', 'initial');
      const page = (alsoLinks: { kind: string; crmId: string; erpId: string }[]) =>
        store.commitPage({
          runId: run.id,
          flow: 'quotes',
          kind: 'quote',
          sourceSide: 'crm',
          links: [],
          alsoLinks,
          history: [],
          counts: {},
          pageDone: false,
        });
      await page([{ kind: 'deal', crmId: 'd1', erpId: 'o1' }]);
      expect((await store.findXrefs('deal', 'erp', ['o1'])).get('o1')).toMatchObject({
        crmId: 'd1',
        sourceFingerprint: null,
      });
      // orders-to-deals syncs through the pair and fingerprints it.
      await store.commitPage({
        runId: run.id,
        flow: 'orders',
        kind: 'deal',
        sourceSide: 'erp',
        links: [
          { sourceId: 'o1', targetId: 'd1', sourceFingerprint: 's', writtenFingerprint: 'w', mappingVersion: '1-a' },
        ],
        history: [],
        counts: {},
        pageDone: false,
      });
      await page([{ kind: 'deal', crmId: 'd1', erpId: 'o1' }]);
      expect((await store.findXrefs('deal', 'crm', ['d1'])).get('d1')).toMatchObject({
        erpId: 'o1',
        sourceFingerprint: 's',
      });
      await page([{ kind: 'deal', crmId: 'd1', erpId: 'o2' }]);
      expect((await store.findXrefs('deal', 'crm', ['d1'])).get('d1')).toMatchObject({
        erpId: 'o2',
        sourceFingerprint: null,
        writtenFingerprint: null,
      });
      // The same CRM id twice in one page: the last pair wins, one row.
      await page([
        { kind: 'deal', crmId: 'd2', erpId: 'o3' },
        { kind: 'deal', crmId: 'd2', erpId: 'o4' },
      ]);
      expect((await store.findXrefs('deal', 'crm', ['d2'])).get('d2')?.erpId).toBe('o4');
      expect(await harness.count('also', 'xrefs')).toBe(2);
    });
  });
}
