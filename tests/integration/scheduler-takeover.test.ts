import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCrmServer, startCrmServer } from '../../connectors/mock-crm/server/start-crm-server';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { loadEnv } from '../../src/config/env';
import { bindFlows, entityCatalog, SyncEngine } from '../../src/engine';
import { createConnectors } from '../../src/main';
import { loadMappings } from '../../src/mapping';
import { createLogger } from '../../src/observability/logger';
import { createJobQueue } from '../../src/queue';
import { openDatabase, SqliteStateStore, type StateDatabase } from '../../src/store';

const FLOW = 'companies-to-customers';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A worker that takes over scheduling from a dead one knows nothing of the runs the other
// started; those may still be going on the remaining workers. Its poller must wait for them.
describe('a scheduler that took over (real mocks, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-takeover-'));
  let crm: RunningCrmServer;
  let erp: ErpServer;
  let state: StateDatabase;
  let engine: SyncEngine;
  let closeConnectors: () => Promise<void>;

  beforeAll(async () => {
    const mappings = join(dir, 'mappings');
    cpSync('mappings', mappings, { recursive: true });
    for (const file of readdirSync(mappings).filter((f) => f.endsWith('.yaml'))) {
      const path = join(mappings, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/poll: \S+/, 'poll: 200ms'));
    }
    crm = await startCrmServer({ seed: { companies: 5, contacts: 0 } });
    erp = await startErpServer();
    const env = loadEnv({ DATABASE_PATH: join(dir, 'bridge.db'), CRM_BASE_URL: crm.url, ERP_BASE_URL: erp.url });
    const log = createLogger({ level: 'error' });
    const connectors = createConnectors(env, { crmUrl: crm.url, erpUrl: erp.url }, log);
    closeConnectors = connectors.close;
    state = openDatabase(env.DATABASE_PATH);
    const flows = bindFlows(loadMappings(mappings, entityCatalog(connectors.registry)), connectors.registry);
    engine = new SyncEngine({
      store: new SqliteStateStore(state),
      queue: createJobQueue({ state, name: 'takeover' }),
      flows: flows.filter((f) => f.name === FLOW),
      log,
    });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await closeConnectors?.();
    state?.close();
    await crm?.close();
    await erp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no poll run while the previous scheduler’s run is going, and polls once it ended', async () => {
    const store = new SqliteStateStore(state);
    // The dead scheduler's run, still "running" for the workers.
    const earlier = await store.startRun(FLOW, 'initial');
    engine.startPolling();
    await sleep(1_000); // five poll ticks
    expect((await store.listRuns({ flow: FLOW, limit: 10 })).map((r) => r.trigger)).toEqual(['initial']);

    await store.finishReading(earlier.id, { pagesTotal: 0, read: 0 });
    expect((await store.getRun(earlier.id))?.status).not.toBe('running');
    for (let i = 0; i < 50; i++) {
      if ((await store.listRuns({ flow: FLOW, limit: 10 })).some((r) => r.trigger === 'poll')) break;
      await sleep(100);
    }
    engine.stopPolling();
    const poll = (await store.listRuns({ flow: FLOW, limit: 10 })).find((r) => r.trigger === 'poll');
    expect(poll).toBeDefined();
    // Let the poll run end before the database closes under it.
    expect((await engine.waitForRun(poll!.id, 20_000)).status).toBe('succeeded');
  }, 30_000);
});
