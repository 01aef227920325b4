import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningCrmServer, startCrmServer } from '../../connectors/mock-crm/server/start-crm-server';
import { createErpClient } from '../../connectors/mock-erp/client/create-erp-client';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { runCli } from '../../src/cli/main';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import type { ReviewItem } from '../../src/store';
import { createTestDatabase, type TestDatabase } from '../../src/store/testkit/create-test-database';
import { accountMappingsDir } from '../support/account-mappings';

const COMPANIES = 200;
const ADMIN = 'admin-token';

/**
 * The state the bridge keeps: the SQLite file (embedded queue), or PostgreSQL, which needs BullMQ
 * (a Redis database of its own: other files share the server).
 */
async function stateEnv(dialect: 'SQLite' | 'PostgreSQL', dir: string) {
  if (dialect === 'SQLite') return { env: { DATABASE_PATH: join(dir, 'bridge.db') }, drop: async () => {} };
  const database: TestDatabase = await createTestDatabase(inject('postgresUrl'));
  const redisUrl = `${inject('redisUrl')}/12`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
  // DATABASE_PATH must stay unused: the mocks keep files beside it, the state is in PostgreSQL.
  const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl, DATABASE_PATH: join(dir, 'unused.db') };
  return { env, drop: () => database.drop() };
}

describe.each(['SQLite', 'PostgreSQL'] as const)('match before create (real mock CRM and ERP, %s state)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-match-'));
  let state: Awaited<ReturnType<typeof stateEnv>>;
  let crm: RunningCrmServer;
  let erp: ErpServer;
  let bridge: RunningBridge;
  const erpIds: Record<'linked' | 'approved' | 'rejected', string> = { linked: '', approved: '', rejected: '' };
  const crmIds = { linked: '', approved: '', rejected: '' };

  beforeAll(async () => {
    crm = await startCrmServer({ seed: { companies: COMPANIES, contacts: 0 } });
    erp = await startErpServer({});
    const dups = crm.seeded!.nearDuplicates;
    const involved = new Set(dups.flatMap((d) => [d.originalId, d.duplicateId]));
    const complete = crm.seeded!.companyIds.filter((id) => {
      const p = crm.store.get('companies', id)!.properties;
      return !involved.has(id) && p.name && p.phone && p.address && p.zip && p.city;
    });
    const [linked, approved, rejected] = complete.slice(5, 8) as [string, string, string];
    Object.assign(crmIds, { linked, approved, rejected });
    // Chosen above among companies whose name, phone, address, zip and city are all set.
    const props = (id: string) => crm.store.get('companies', id)!.properties as Record<string, string>;
    const client = createErpClient({ baseUrl: erp.url, token: 'dev-erp-token' });
    const near = (id: string) => {
      const p = props(id);
      return {
        displayName: `${p.name!.trim().toUpperCase()} Incorporated`,
        phoneNumber: p.phone,
        addressLine1: p.address!.replace('Street', 'St').trim(),
        city: p.city,
        postalCode: p.zip,
      };
    };
    // Same name and town, another house number and postal code, no phone: the bridge cannot be sure.
    const doubtful = (id: string) => ({
      displayName: props(id).name!.trim(),
      addressLine1: props(id).address!.trim().replace(/^\d+/, '9'),
      city: props(id).city,
      postalCode: '00001',
    });
    const results = await client.upsertBatch('customer', [
      { key: 'linked', fields: { type: 'Company', ...near(linked) } },
      { key: 'approved', fields: { type: 'Company', ...doubtful(approved) } },
      { key: 'rejected', fields: { type: 'Company', ...doubtful(rejected) } },
    ]);
    for (const r of results) if (r.ok) erpIds[r.key as keyof typeof erpIds] = r.record.id;
    await client.close();
    state = await stateEnv(dialect, dir);
    const env = loadEnv({
      ...state.env,
      // The account flows only: the lead-to-cash ones add minutes of runs and test nothing here.
      MAPPINGS_DIR: accountMappingsDir(dir),
      ADMIN_TOKENS: ADMIN,
      CRM_BASE_URL: crm.url,
      ERP_BASE_URL: erp.url,
      PORT: '0',
    });
    bridge = await startBridge(env, createLogger({ level: 'error' }));
  });
  afterAll(async () => {
    await bridge?.stop();
    await crm?.close();
    await erp?.close();
    await state?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links a near-duplicate CRM company to the existing ERP customer instead of creating one', async () => {
    expect(Object.values(erpIds).every(Boolean)).toBe(true);
    const links = await bridge.store.findXrefs('company', 'crm', [crmIds.linked]);
    expect(links.get(crmIds.linked)?.erpId).toBe(erpIds.linked);
    const history = await bridge.store.history('companies-to-customers', crmIds.linked);
    expect(history.map((h) => [h.action, h.targetId])).toEqual([['updated', erpIds.linked]]);
    const audit = (await bridge.store.matching!.reviewsOf('companies-to-customers', [crmIds.linked])).get(
      crmIds.linked,
    );
    expect(audit).toMatchObject({ status: 'linked', decidedBy: 'engine', candidateId: erpIds.linked });
  });

  it('catches every seeded near-duplicate: one record of each pair creates a customer, never both', async () => {
    const dups = crm.seeded!.nearDuplicates;
    expect(dups.length).toBeGreaterThan(0);
    const ids = dups.flatMap((d) => [d.originalId, d.duplicateId]);
    const links = await bridge.store.findXrefs('company', 'crm', ids);
    const reviews = await bridge.store.matching!.reviewsOf('companies-to-customers', ids);
    for (const { originalId, duplicateId } of dups) {
      // Pages run concurrently (BullMQ on PostgreSQL): whichever of the pair reserved first is
      // created, the other one is merged into it.
      const [survivor, merged] = links.has(originalId) ? [originalId, duplicateId] : [duplicateId, originalId];
      expect(links.has(survivor)).toBe(true);
      expect(links.has(merged)).toBe(false);
      expect(reviews.get(merged)).toMatchObject({ candidateSourceId: survivor });
      expect(['merged', 'pending']).toContain(reviews.get(merged)?.status);
    }
    const [companies] = bridge.initialRuns;
    expect(companies).toMatchObject({ status: 'succeeded', failed: 0, created: COMPANIES - dups.length - 3 });
  });

  it('parks a doubtful pair with its score and per-field explanation, then applies approve and reject', async () => {
    const admin = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${bridge.adminUrl}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      });
      return { status: res.status, body: (await res.json()) as ReviewItem & { items: ReviewItem[] } };
    };
    const matching = bridge.store.matching!;
    const pending = await matching.reviewsOf('companies-to-customers', [crmIds.approved, crmIds.rejected]);
    const approved = pending.get(crmIds.approved)!;
    expect(approved).toMatchObject({ status: 'pending', reason: 'fuzzy', candidateId: erpIds.approved });
    expect(approved.score).toBeGreaterThanOrEqual(0.75);
    expect(approved.score).toBeLessThan(0.9);
    const fields = (approved.explanation as { fields: { field: string; level: string }[] }).fields;
    expect(fields.find((f) => f.field === 'name')?.level).toBe('exact');
    expect(fields.find((f) => f.field === 'postalCode')?.level).toBe('different');
    const parked = await bridge.store.history('companies-to-customers', crmIds.approved);
    expect(parked.at(-1)).toMatchObject({ action: 'skipped', errorCode: 'match_review' });

    // A person reads the queue with the CLI against the same state, and decides through the admin API.
    let listed = '';
    const code = await runCli(['review', 'list', '--json'], {
      out: (t) => (listed += t),
      err: () => {},
      env: state.env,
    });
    expect(code).toBe(0);
    expect((JSON.parse(listed) as ReviewItem[]).map((i) => i.sourceId)).toEqual(
      expect.arrayContaining([crmIds.approved, crmIds.rejected]),
    );
    const queue = await admin('/review?flow=companies-to-customers');
    expect(queue.body.items.find((i) => i.id === approved.id)).toMatchObject({ score: approved.score });
    const post = (id: number, action: string) => admin(`/review/${id}/${action}`, { method: 'POST', body: '{}' });
    expect(await post(approved.id, 'approve')).toMatchObject({ status: 200, body: { status: 'linked' } });
    expect(await post(pending.get(crmIds.rejected)!.id, 'reject')).toMatchObject({ status: 200 });
    expect((await post(approved.id, 'reject')).status).toBe(409);

    const [companies] = await bridge.engine.syncAll('manual');
    expect(companies).toMatchObject({ status: 'succeeded', created: 1, updated: 1, failed: 0 });
    const links = await bridge.store.findXrefs('company', 'crm', [crmIds.approved, crmIds.rejected]);
    expect(links.get(crmIds.approved)?.erpId).toBe(erpIds.approved);
    expect(links.get(crmIds.rejected)?.erpId).toBeDefined();
    expect(links.get(crmIds.rejected)?.erpId).not.toBe(erpIds.rejected);
    expect(await matching.undelivered('companies-to-customers')).toEqual([]);
  });
});
