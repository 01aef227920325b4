import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrytonClient } from '../../connectors/tryton/client/create-tryton-client';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import { type RunningTryton, startTryton } from '../support/tryton/start-tryton';

const COMPANIES = 25;
const silent = createLogger({ level: 'error' });

describe('CRM companies -> a real Tryton, ERP selected by configuration (ERP_CONNECTOR=tryton)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-tryton-e2e-'));
  let tryton: RunningTryton;
  let bridge: RunningBridge;

  beforeAll(async () => {
    tryton = await startTryton();
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      PORT: '0',
      MOCK_CRM_PORT: '0',
      SEED_COMPANIES: String(COMPANIES),
      SEED_CONTACTS: '0',
      SYNC_ONCE: 'true',
      ERP_CONNECTOR: 'tryton',
      TRYTON_URL: tryton.url,
      TRYTON_DB: tryton.database,
      TRYTON_USER: tryton.admin.username,
      TRYTON_PASSWORD: tryton.admin.password,
      MAPPINGS_DIR: 'mappings/tryton',
    });
    bridge = await startBridge(env, silent);
  }, 300_000);
  afterAll(async () => {
    await bridge?.stop();
    await tryton?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one Tryton party per CRM company, and a second sync changes nothing', async () => {
    expect(bridge.initialRuns).toMatchObject([
      { flow: 'companies-to-customers', status: 'succeeded', read: COMPANIES, created: COMPANIES, failed: 0 },
    ]);
    const client = createTrytonClient({ ...tryton.config });
    try {
      const parties: { id: string; fields: Record<string, unknown> }[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.listChanges({ entity: 'customer', since: null, ...(pageToken ? { pageToken } : {}) });
        parties.push(...page.records);
        pageToken = page.nextPageToken;
      } while (pageToken);
      // The company party from the set-up, plus one per CRM company.
      expect(parties).toHaveLength(COMPANIES + 1);
      const synced = parties.filter((p) => p.fields.displayName !== 'Bridge Test Company');
      for (const party of synced) {
        expect(party.fields.displayName).toMatch(/^\S(.*\S)?$/);
        expect(String(party.fields.displayName)).not.toMatch(/\s{2}/);
      }
    } finally {
      await client.close();
    }
    const [again] = await bridge.engine.syncAll('manual');
    expect(again).toMatchObject({ flow: 'companies-to-customers', created: 0, updated: 0, failed: 0 });
  });
});
