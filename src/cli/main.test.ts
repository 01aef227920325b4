import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, SqliteStateStore } from '../store';
import { runCliCaptured } from './testkit/run-cli-captured';

describe('bridge CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
  const env = { DATABASE_PATH: join(dir, 'bridge.db'), MAPPINGS_DIR: 'mappings' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...argv: string[]) => runCliCaptured(argv, env);

  it('lists runs and shows one record history from the local store, as text and --json', async () => {
    const state = openDatabase(env.DATABASE_PATH);
    const store = new SqliteStateStore(state);
    const r = await store.startRun('companies-to-customers', 'manual');
    await store.commitPage({
      runId: r.id,
      flow: 'companies-to-customers',
      kind: 'company',
      sourceSide: 'crm',
      links: [],
      history: [
        { sourceId: '42', action: 'failed', errorCode: 'mapping_failed', errorMessage: 'field phoneNumber: bad' },
      ],
      counts: { failed: 1 },
      pageDone: true,
    });
    state.close();

    const runs = await run('runs', '--json');
    expect(runs.code).toBe(0);
    expect(JSON.parse(runs.out)[0]).toMatchObject({ flow: 'companies-to-customers', failed: 1 });
    const history = await run('history', 'companies-to-customers', '42');
    expect(history.out).toContain('mapping_failed: field phoneNumber: bad');
  });

  it('switches a flow off and on in the state database, showing the override over the mapping file', async () => {
    const off = await run('flows', 'disable', 'companies-to-customers');
    expect(off.code).toBe(0);
    expect(off.out).toMatch(/companies-to-customers\s+disabled\s+override \(mapping file says on\)/);
    const listed = JSON.parse((await run('flows', 'list', '--json')).out);
    expect(listed).toContainEqual(
      expect.objectContaining({ flow: 'contacts-to-contacts', enabled: true, source: 'mapping' }),
    );
    expect(listed).toContainEqual(
      expect.objectContaining({ flow: 'companies-to-customers', enabled: false, source: 'override' }),
    );
    expect((await run('flows', 'enable', 'companies-to-customers')).out).toMatch(/enabled\s+override/);
    expect(await run('flows', 'disable', 'nope')).toMatchObject({
      code: 1,
      err: expect.stringContaining('no flow named'),
    });
    expect((await run('flows', 'frob')).code).toBe(2);
  });

  it('answers a usage error with exit code 2 and the usage line', async () => {
    expect(await run('history')).toMatchObject({ code: 2, err: expect.stringContaining('usage: bridge history') });
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command') });
    expect((await run('help')).out).toContain('runs');
  });
});
