import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { SyncEngine } from '../../src/engine';
import { type BridgeParts, openBridgeParts } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import { createJobQueue } from '../../src/queue';
import { accountMappingsDir } from '../support/account-mappings';

describe('a disabled flow in the engine (mocks on loopback, embedded queue)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-switch-'));
  let parts: BridgeParts;
  let engine: SyncEngine;

  beforeAll(async () => {
    // Only the two account flows: with companies off, the lead-to-cash flows would wait for
    // company links and retry until they give up, which proves nothing here and costs ~25 s.
    const mappings = accountMappingsDir(dir);
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: mappings,
      SEED_COMPANIES: '8',
      SEED_CONTACTS: '4',
    });
    const log = createLogger({ level: 'error', write: () => {} });
    parts = await openBridgeParts(env, log, { mockPort: 0 });
    const queue = createJobQueue({ state: parts.state, name: 'switch-test' });
    engine = new SyncEngine({ store: parts.store, queue, flows: parts.allFlows, flowSwitch: parts.flowSwitch, log });
    await engine.start();
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
    await parts?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips it in a full sync, refuses a manual run with flow_disabled, and runs it again once enabled', async () => {
    await parts.flowSwitch.set('companies-to-customers', false);
    const runs = await engine.syncAll('initial');
    // The other flow still runs.
    expect(runs.map((r) => r.flow)).not.toContain('companies-to-customers');
    expect(runs[0]?.flow).toBe('contacts-to-contacts');
    expect(await parts.store.listRuns({ flow: 'companies-to-customers' })).toEqual([]);
    await expect(engine.startRun('companies-to-customers', 'manual')).rejects.toMatchObject({
      code: 'flow_disabled',
      status: 409,
    });

    await parts.flowSwitch.set('companies-to-customers', true);
    const [companies] = await engine.syncAll('manual');
    expect(companies).toMatchObject({ flow: 'companies-to-customers', status: 'succeeded' });
    expect(companies!.created + companies!.skipped).toBe(8);
  });

  it('stops reading a run whose flow is switched off after it was queued, leaving the cursor', async () => {
    const cursor = await parts.store.getCursor('contacts-to-contacts');
    const run = await engine.startRun('contacts-to-contacts', 'manual');
    // The read-page job is queued; the switch flips before a worker takes it (no await between).
    await parts.flowSwitch.set('contacts-to-contacts', false);
    const done = await engine.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'failed', read: 0 });
    expect(done.error).toContain('flow_disabled');
    expect(await parts.store.getCursor('contacts-to-contacts')).toBe(cursor);
    await parts.flowSwitch.set('contacts-to-contacts', true);
  });
});
