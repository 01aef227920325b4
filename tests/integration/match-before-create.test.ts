import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCrmServer, startCrmServer } from '../../connectors/mock-crm/server/start-crm-server';
import { createErpClient } from '../../connectors/mock-erp/client/create-erp-client';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { loadEnv } from '../../src/config/env';
import { decideReview } from '../../src/engine/review-queue';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const COMPANIES = 200;

describe('match before create (real mock CRM and ERP, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-match-'));
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
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      CRM_BASE_URL: crm.url,
      ERP_BASE_URL: erp.url,
      PORT: '0',
      SYNC_ONCE: 'true',
    });
    bridge = await startBridge(env, createLogger({ level: 'error' }));
  });
  afterAll(async () => {
    await bridge?.stop();
    await crm?.close();
    await erp?.close();
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

  it('catches every seeded near-duplicate: none of them creates a customer', async () => {
    const dups = crm.seeded!.nearDuplicates;
    expect(dups.length).toBeGreaterThan(0);
    const ids = dups.map((d) => d.duplicateId);
    const links = await bridge.store.findXrefs('company', 'crm', ids);
    expect([...links.keys()]).toEqual([]);
    const reviews = await bridge.store.matching!.reviewsOf('companies-to-customers', ids);
    for (const { originalId, duplicateId } of dups) {
      expect(reviews.get(duplicateId)).toMatchObject({ candidateSourceId: originalId });
      expect(['merged', 'pending']).toContain(reviews.get(duplicateId)?.status);
    }
    const [companies] = bridge.initialRuns;
    expect(companies).toMatchObject({ status: 'succeeded', failed: 0, created: COMPANIES - dups.length - 3 });
  });

  it('parks a doubtful pair with its score and per-field explanation, then applies approve and reject', async () => {
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

    await decideReview(matching, approved.id, 'approve', { by: 'test' });
    await decideReview(matching, pending.get(crmIds.rejected)!.id, 'reject', { by: 'test' });
    await expect(decideReview(matching, approved.id, 'reject')).rejects.toThrow(/already decided/);

    const [companies] = await bridge.engine.syncAll('manual');
    expect(companies).toMatchObject({ status: 'succeeded', created: 1, updated: 1, failed: 0 });
    const links = await bridge.store.findXrefs('company', 'crm', [crmIds.approved, crmIds.rejected]);
    expect(links.get(crmIds.approved)?.erpId).toBe(erpIds.approved);
    expect(links.get(crmIds.rejected)?.erpId).toBeDefined();
    expect(links.get(crmIds.rejected)?.erpId).not.toBe(erpIds.rejected);
    expect(await matching.undelivered('companies-to-customers')).toEqual([]);
  });
});
