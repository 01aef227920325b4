import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type StateDatabase } from './database';
import { SqliteStateStore } from './sqlite-state-store';
import { sqliteHarness } from './testkit/sqlite-harness';
import { stateStoreContract } from './testkit/state-store-contract';

stateStoreContract(
  'real SQLite files',
  sqliteHarness((state) => new SqliteStateStore(state)),
);

// SQLite-only until the PostgreSQL store writes alsoLink pairs.

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
});
