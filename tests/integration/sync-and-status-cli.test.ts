import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BridgeStatus } from '../../src/cli/commands/status-command';
import { runCli } from '../../src/cli/main';
import type { Run } from '../../src/store';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

describe('bridge sync and bridge status (the real binary, real mocks, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-sync-cli-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_PATH: join(dir, 'bridge.db'),
    MOCK_CRM_PORT: '0',
    MOCK_ERP_PORT: '0',
    SEED_COMPANIES: '30',
    SEED_CONTACTS: '40',
    LOG_LEVEL: 'warn',
  };
  delete env.REDIS_URL;
  const bridge = (...args: string[]) => run('node', ['bin/bridge.mjs', ...args], { cwd: root, env });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs every flow once and prints the runs as JSON', async () => {
    const { stdout, stderr } = await bridge('sync', '--json');
    const runs = JSON.parse(stdout) as Run[];
    // Companies and contacts first; the lead-to-cash flows follow in dependency order.
    expect(runs.slice(0, 2).map((r) => [r.flow, r.trigger, r.status, r.read])).toEqual([
      ['companies-to-customers', 'cli', 'succeeded', 30],
      ['contacts-to-contacts', 'cli', 'succeeded', 40],
    ]);
    expect(runs).toHaveLength(9);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(runs[1]?.created).toBe(40);
    expect(stderr).toBe('');
  }, 60_000);

  it('reports the flows with their last run, the DLQ, reviews and the queue', async () => {
    const status = JSON.parse((await bridge('status', '--json')).stdout) as BridgeStatus;
    expect(status.flows.slice(0, 2).map((f) => [f.name, f.lastRun?.trigger, f.lastRun?.read])).toEqual([
      ['companies-to-customers', 'cli', 30],
      ['contacts-to-contacts', 'cli', 40],
    ]);
    expect(status.dlqOpen).toEqual({});
    expect(status.queue).toMatchObject({ waiting: 0, active: 0, dead: 0 });
    const text = (await bridge('status')).stdout;
    expect(text).toMatch(/companies-to-customers +crm\.company -> erp\.customer +\S+ cli succeeded: read 30/);
    expect(text).toContain('DLQ open: 0');
  }, 60_000);

  it('runs one flow with a summary on stdout and no bar when stderr is not a terminal', async () => {
    const { stdout, stderr } = await bridge('sync', '--flow', 'contacts-to-contacts');
    // The second sync is incremental: only the records at the cursor's inclusive boundary, unchanged.
    expect(stdout).toMatch(/contacts-to-contacts +succeeded +(\d+) +0 +0 +\1 +0/);
    expect(stderr).toBe('');
    await expect(bridge('sync', '--flow', 'nope')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no enabled flow named "nope"'),
    });
  }, 60_000);

  it('draws the bar on a terminal: records done/total per flow, one line each', async () => {
    const frames: string[] = [];
    let out = '';
    const fresh = mkdtempSync(join(tmpdir(), 'bridge-sync-tty-'));
    const code = await runCli(['sync'], {
      out: (t) => (out += t),
      err: () => {},
      env: { ...env, DATABASE_PATH: join(fresh, 'bridge.db') },
      errTerminal: { isTTY: true, columns: 100, write: (t) => frames.push(t) },
    });
    expect(code).toBe(0);
    const lines = frames.join('').split('\n').filter(Boolean);
    // One line per shipped flow (2 account flows, 7 lead-to-cash flows).
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/\rcompanies-to-customers \[=+\] 30\/30 +100%.* in \d+s/);
    expect(lines[0]?.endsWith('\x1b[K')).toBe(true);
    expect(lines[1]).toMatch(/contacts-to-contacts \[=+\] 40\/40 +100%/);
    expect(out).toContain('companies-to-customers');
    rmSync(fresh, { recursive: true, force: true });
  }, 60_000);
});
