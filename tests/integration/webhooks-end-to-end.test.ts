import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { freeLoopbackPort } from '../../src/connectors/testkit/free-loopback-port';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const SECRET = 'webhook-test-secret-0123456789';
const FLOW = 'companies-to-customers';
const silent = createLogger({ level: 'error' });
const crmAuth = { authorization: 'Bearer dev-crm-token', 'content-type': 'application/json' };
const erpAuth = { authorization: 'Bearer dev-erp-token' };

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('CRM webhooks -> bridge intake -> ERP, with polling set to 1 h (real mocks, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-webhooks-'));
  let bridge: RunningBridge;
  let publicUrl: string;
  let erpCompany: string;

  const crm = (path: string, init: RequestInit = {}) => fetch(`${bridge.crmUrl}${path}`, { headers: crmAuth, ...init });
  const customer = async (id: string) =>
    (await (
      await fetch(`${bridge.erpUrl}/api/v2.0/companies(${erpCompany})/customers(${id})`, { headers: erpAuth })
    ).json()) as Record<string, string>;
  const erpIdOf = async (crmId: string) => (await bridge.store.findXrefs('company', 'crm', [crmId])).get(crmId)?.erpId;
  const linkedCompanies = async (count: number) => {
    const page = (await (await crm('/crm/v3/objects/companies?limit=100')).json()) as { results: { id: string }[] };
    const linked = await bridge.store.findXrefs(
      'company',
      'crm',
      page.results.map((r) => r.id),
    );
    return [...linked.keys()].slice(0, count);
  };
  const webhookRuns = async () =>
    (await bridge.store.listRuns({ flow: FLOW, limit: 1000 })).filter((r) => r.trigger === 'webhook');
  /** Points the mock's deliveries at a closed port, so a change reaches the bridge only when a test sends it. */
  const setTarget = (targetUrl: string) =>
    crm('/webhooks/v3/1000001/settings', { method: 'PUT', body: JSON.stringify({ targetUrl }) });
  const deliver = (body: string, timestamp = Date.now(), signature?: string) =>
    fetch(`${publicUrl}/webhooks/crm`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-hubspot-request-timestamp': String(timestamp),
        'x-hubspot-signature-v3':
          signature ??
          createHmac('sha256', SECRET).update(`POST${publicUrl}/webhooks/crm${body}${timestamp}`).digest('base64'),
      },
    });

  beforeAll(async () => {
    const mappings = join(dir, 'mappings');
    cpSync('mappings', mappings, { recursive: true });
    const file = join(mappings, `${FLOW}.yaml`);
    const yaml = readFileSync(file, 'utf8').replace('  poll: 30s', '  poll: 1h\n  webhook: true');
    writeFileSync(file, `${yaml}\narchive:\n  fields:\n    blocked: { const: All }\n`);
    const port = await freeLoopbackPort();
    publicUrl = `http://127.0.0.1:${port}`;
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: mappings,
      PORT: String(port),
      BRIDGE_PUBLIC_URL: publicUrl,
      CRM_WEBHOOK_SECRET: SECRET,
      ADMIN_TOKENS: 'admin-token',
      MOCK_CRM_PORT: '0',
      MOCK_ERP_PORT: '0',
      SEED_COMPANIES: '20',
      SEED_CONTACTS: '10',
    });
    bridge = await startBridge(env, silent);
    const companies = (await (await fetch(`${bridge.erpUrl}/api/v2.0/companies`, { headers: erpAuth })).json()) as {
      value: { id: string }[];
    };
    erpCompany = companies.value[0]!.id;
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registered the webhook flow with the CRM on start', async () => {
    const settings = (await (await crm('/webhooks/v3/1000001/settings')).json()) as { targetUrl: string };
    expect(settings.targetUrl).toBe(`${publicUrl}/webhooks/crm`);
    const subs = (await (await crm('/webhooks/v3/1000001/subscriptions')).json()) as {
      results: { eventType: string }[];
    };
    expect(subs.results.map((s) => s.eventType).sort()).toEqual(
      // quotes-to-sales-orders listens to quote.propertyChange (an accepted quote).
      [
        'company.creation',
        'company.deletion',
        'company.merge',
        'company.propertyChange',
        'quote.propertyChange',
      ].sort(),
    );
  });

  it('a company property change reaches the ERP customer without waiting for the 1 h poll', async () => {
    const [id] = await linkedCompanies(1);
    const erpId = (await erpIdOf(id!))!;
    const patch = await crm(`/crm/v3/objects/companies/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ properties: { city: 'Webhookville' } }),
    });
    expect(patch.status).toBe(200);
    await waitFor(async () => ((await customer(erpId)).city === 'Webhookville' ? true : undefined), 'the ERP update');
    const runs = await webhookRuns();
    expect(runs.some((r) => r.updated === 1 && r.status === 'succeeded')).toBe(true);
  });

  it('refuses unsigned, tampered and expired deliveries with 401 and syncs nothing', async () => {
    const [id] = await linkedCompanies(1);
    const before = (await webhookRuns()).length;
    const body = JSON.stringify([
      {
        eventId: 1,
        occurredAt: Date.now(),
        subscriptionType: 'company.propertyChange',
        objectId: Number(id),
        attemptNumber: 0,
      },
    ]);
    const unsigned = await fetch(`${publicUrl}/webhooks/crm`, { method: 'POST', body });
    const tampered = await deliver(
      body,
      Date.now(),
      createHmac('sha256', SECRET)
        .update(`POST${publicUrl}/webhooks/crm${body.replace('1,', '2,')}${Date.now()}`)
        .digest('base64'),
    );
    const expired = await deliver(body, Date.now() - 6 * 60_000);
    const wrongSecret = await deliver(body, Date.now(), createHmac('sha256', 'guess').update(body).digest('base64'));
    for (const res of [unsigned, tampered, expired, wrongSecret]) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('webhook_signature_invalid');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await webhookRuns()).length).toBe(before);
  });

  it('a redelivered event is one job and makes no second write', async () => {
    const [id] = await linkedCompanies(1);
    const erpId = (await erpIdOf(id!))!;
    await setTarget('http://127.0.0.1:9/closed');
    const patch = await crm(`/crm/v3/objects/companies/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ properties: { city: 'Redelivery' } }),
    });
    const occurredAt = Date.parse(((await patch.json()) as { updatedAt: string }).updatedAt);
    const event = {
      eventId: 77,
      occurredAt,
      subscriptionType: 'company.propertyChange',
      objectId: Number(id),
      propertyName: 'city',
    };
    const first = await deliver(JSON.stringify([{ ...event, attemptNumber: 0 }]));
    expect(first.status).toBe(200);
    await waitFor(async () => ((await customer(erpId)).city === 'Redelivery' ? true : undefined), 'the ERP update');
    const etag = (await customer(erpId))['@odata.etag'];
    const again = await deliver(JSON.stringify([{ ...event, attemptNumber: 1 }]));
    expect(again.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await customer(erpId))['@odata.etag']).toBe(etag);
    const history = await bridge.store.history(FLOW, id!);
    expect(history.filter((h) => h.after && (h.after as { city?: string }).city === 'Redelivery')).toHaveLength(1);
    await setTarget(`${publicUrl}/webhooks/crm`);
  });

  it('an archived (deleted) CRM company blocks its ERP customer', async () => {
    const [, id] = await linkedCompanies(2);
    const erpId = (await erpIdOf(id!))!;
    expect((await customer(erpId)).blocked).not.toBe('All');
    expect((await crm(`/crm/v3/objects/companies/${id}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor(async () => ((await customer(erpId)).blocked === 'All' ? true : undefined), 'the customer blocked');
  });

  it('a merge moves the link to an unlinked survivor, and parks a duplicate customer for review', async () => {
    // Survivor created while deliveries go nowhere: it is not linked (the poll is 1 h away).
    await setTarget('http://127.0.0.1:9/closed');
    const created = await crm('/crm/v3/objects/companies', {
      method: 'POST',
      body: JSON.stringify({ properties: { name: 'Survivor Holdings', city: 'Mergeton' } }),
    });
    const survivor = ((await created.json()) as { id: string }).id;
    await setTarget(`${publicUrl}/webhooks/crm`);
    const [, , merged, a, b] = await linkedCompanies(5);
    const mergedErp = (await erpIdOf(merged!))!;
    const merge = (primaryObjectId: string, objectIdToMerge: string) =>
      crm('/crm/v3/objects/companies/merge', {
        method: 'POST',
        body: JSON.stringify({ primaryObjectId, objectIdToMerge }),
      });

    expect((await merge(survivor, merged!)).status).toBe(200);
    await waitFor(async () => ((await erpIdOf(survivor)) === mergedErp ? true : undefined), 'the link to follow');
    expect(await erpIdOf(merged!)).toBeUndefined();
    await waitFor(
      async () => ((await customer(mergedErp)).displayName === 'Survivor Holdings' ? true : undefined),
      'the survivor written to the customer',
    );
    expect((await customer(mergedErp)).blocked).not.toBe('All');

    // Both linked, to different customers: the ERP now has a duplicate; a person decides.
    const bErp = (await erpIdOf(b!))!;
    expect((await merge(a!, b!)).status).toBe(200);
    const item = await waitFor(
      async () =>
        (await bridge.store.matching?.listReviews({ flow: FLOW, status: 'pending' }))?.find((r) => r.sourceId === b),
      'the review item',
    );
    expect(item).toMatchObject({ candidateSourceId: a, candidateId: await erpIdOf(a!) });
    expect(await erpIdOf(b!)).toBe(bErp);
  });
});
