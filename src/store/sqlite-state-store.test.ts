import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type StateDatabase } from './database';
import { SqliteStateStore } from './sqlite-state-store';

describe('SqliteStateStore (real SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-store-'));
  let state: StateDatabase | undefined;
  afterEach(() => state?.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = (name: string) => {
    state = openDatabase(join(dir, name));
    return new SqliteStateStore(state);
  };

  it('writes alsoLink pairs with the page: a moved pair drops its fingerprints, the same pair keeps them', async () => {
    const store = open('also.db');
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
  });

  it('commits links, history and counts together and ends the run when all pages are done', async () => {
    const store = open('a.db');
    const run = await store.startRun('companies', 'initial');
    const commit = (pageDone: boolean, ids: string[]) =>
      store.commitPage({
        runId: run.id,
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
        history: ids.map((id) => ({
          sourceId: id,
          targetId: `erp-${id}`,
          action: 'created' as const,
          after: { n: id },
        })),
        counts: { created: ids.length },
        pageDone,
      });
    await commit(true, ['1', '2']);
    expect((await store.getRun(run.id))?.status).toBe('running');
    await commit(true, ['3']);
    const finished = await store.finishReading(run.id, { pagesTotal: 2, read: 3 });
    expect(finished).toMatchObject({ status: 'succeeded', created: 3, read: 3, pagesDone: 2 });
    expect(finished.finishedAt).toBeGreaterThanOrEqual(finished.startedAt);

    const byCrm = await store.findXrefs('company', 'crm', ['1', '3', '9']);
    expect([...byCrm.keys()].sort()).toEqual(['1', '3']);
    const byErp = await store.findXrefs('company', 'erp', ['erp-2']);
    expect(byErp.get('erp-2')?.crmId).toBe('2');
    expect((await store.history('companies', '1'))[0]).toMatchObject({
      action: 'created',
      after: { n: '1' },
      runId: run.id,
    });
  });

  it('re-linking the same source updates the pair instead of duplicating it', async () => {
    const store = open('b.db');
    const run = await store.startRun('companies', 'initial');
    for (const fp of ['a', 'b']) {
      await store.commitPage({
        runId: run.id,
        flow: 'companies',
        kind: 'company',
        sourceSide: 'crm',
        links: [
          { sourceId: '1', targetId: 'erp-1', sourceFingerprint: fp, writtenFingerprint: fp, mappingVersion: '1' },
        ],
        history: [],
        counts: {},
        pageDone: false,
      });
    }
    const links = await store.findXrefs('company', 'crm', ['1']);
    expect(links.get('1')?.sourceFingerprint).toBe('b');
    expect(state?.sqlite.prepare('select count(*) as n from xrefs').get()).toEqual({ n: 1 });
  });

  it('marks a run partial when records failed, failed when reading failed; keeps cursors across reopen', async () => {
    let store = open('c.db');
    const partial = await store.startRun('f', 'poll');
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
    expect((await store.finishReading(failed.id, { error: 'permission_denied: no scope' })).status).toBe('failed');
    await store.setCursor('f', '2026-01-01T00:00:00.000Z');
    state?.close();
    store = open('c.db');
    expect(await store.getCursor('f')).toBe('2026-01-01T00:00:00.000Z');
    expect((await store.listRuns({ flow: 'f' })).map((r) => r.status).sort()).toEqual(['failed', 'partial']);
  });
});
