import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Env, loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import { createTestDatabase, type TestDatabase } from '../../src/store/testkit/create-test-database';
import { accountMappingsDir } from '../support/account-mappings';

const COMPANIES = 40;
const CONTACTS = 80;
const silent = createLogger({ level: 'error' });

async function erpCount(bridge: RunningBridge, set: 'customers' | 'contacts'): Promise<number> {
  const http = axios.create({ baseURL: bridge.erpUrl, headers: { authorization: `Bearer ${bridge.env.ERP_TOKEN}` } });
  const companies = await http.get('/api/v2.0/companies');
  let url: string | undefined = `/api/v2.0/companies(${companies.data.value[0].id})/${set}`;
  let n = 0;
  while (url) {
    const page: { data: { value: unknown[]; '@odata.nextLink'?: string } } = await http.get(url);
    n += page.data.value.length;
    url = page.data['@odata.nextLink'];
  }
  return n;
}

describe('CRM -> ERP sync with DATABASE_URL (real PostgreSQL state, BullMQ on real Redis)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-e2e-pg-'));
  // A Redis database of its own: other files share the server (process-roles uses 9).
  const redisUrl = `${inject('redisUrl')}/11`;
  let database: TestDatabase;
  let env: Env;
  let bridge: RunningBridge | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(inject('postgresUrl'));
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    redis.disconnect();
    env = loadEnv({
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      // Must stay unused: nothing may be written to the SQLite file.
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: accountMappingsDir(dir),
      PORT: '0',
      MOCK_CRM_PORT: '0',
      MOCK_ERP_PORT: '0',
      SEED_COMPANIES: String(COMPANIES),
      SEED_CONTACTS: String(CONTACTS),
      SYNC_ONCE: 'true',
    });
  });
  afterAll(async () => {
    await bridge?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs every seeded record into the ERP, with the state in PostgreSQL', async () => {
    bridge = await startBridge(env, silent);
    const [companies, contacts] = bridge.initialRuns;
    // The seed's near-duplicates are merged by matching before create (skipped, not created).
    expect(companies).toMatchObject({
      flow: 'companies-to-customers',
      status: 'succeeded',
      read: COMPANIES,
      failed: 0,
    });
    expect(contacts).toMatchObject({ flow: 'contacts-to-contacts', status: 'succeeded', read: CONTACTS, failed: 0 });
    expect(companies!.created + companies!.skipped).toBe(COMPANIES);
    // The seed plants 2 near-duplicate pairs among the first 40 companies.
    expect(companies!.skipped).toBe(2);
    expect(contacts!.created).toBe(CONTACTS);
    expect(await erpCount(bridge, 'customers')).toBe(companies!.created);
    expect(await erpCount(bridge, 'contacts')).toBe(CONTACTS);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const count = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const xrefs = await count('xrefs');
    const runs = await count('runs');
    const versions = await count('mapping_versions');
    await client.end();
    expect(xrefs).toBe(companies!.created + CONTACTS);
    expect(runs).toBe(2);
    expect(versions).toBeGreaterThanOrEqual(2);
    expect(await bridge.store.listRuns()).toHaveLength(2);
  });

  it('a restart over the same data creates 0 and updates 0', async () => {
    const customers = await erpCount(bridge!, 'customers');
    // The mocks keep their data in files beside DATABASE_PATH; the state is only in PostgreSQL.
    await bridge!.stop();
    bridge = await startBridge(env, silent);
    for (const run of bridge.initialRuns) {
      expect(run).toMatchObject({ created: 0, updated: 0, failed: 0, status: 'succeeded' });
    }
    expect(await erpCount(bridge, 'customers')).toBe(customers);
    expect(await bridge.store.listRuns()).toHaveLength(4);
    expect(existsSync(join(dir, 'bridge.db'))).toBe(false);
  });
});
