import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, SqliteStateStore } from '../store';
import { runCli } from './main';

describe('bridge CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
  const env = { DATABASE_PATH: join(dir, 'bridge.db') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env });
    return { code, out, err };
  };

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

  it('answers a usage error with exit code 2 and the usage line', async () => {
    expect(await run('history')).toMatchObject({ code: 2, err: expect.stringContaining('usage: bridge history') });
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command') });
    expect((await run('help')).out).toContain('runs');
  });
});
