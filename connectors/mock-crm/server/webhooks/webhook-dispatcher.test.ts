import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningCrmServer, startCrmServer } from '../start-crm-server';

interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on loopback that answers with the given statuses in turn (then 200). */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/crm`;
  return { url, deliveries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const secret = 'mock-app-secret';
const auth = { authorization: 'Bearer dev-crm-token', 'content-type': 'application/json' };

describe('mock CRM webhooks', () => {
  let crm: RunningCrmServer | undefined;
  let target: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    await crm?.close();
    await target?.close();
  });

  it('registers through the v3 API and delivers signed propertyChange, deletion and merge events', async () => {
    target = await receiver();
    crm = await startCrmServer({ seed: false, webhooks: { secret, flushMs: 10 } });
    const { appId } = crm.webhooks.settings;
    const put = await fetch(`${crm.url}/webhooks/v3/${appId}/settings`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ targetUrl: target.url }),
    });
    expect(put.status).toBe(200);
    for (const body of [
      { eventType: 'company.propertyChange', propertyName: 'city' },
      { eventType: 'company.deletion' },
      { eventType: 'company.merge' },
    ]) {
      const res = await fetch(`${crm.url}/webhooks/v3/${appId}/subscriptions`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
    }
    const list = (await (await fetch(`${crm.url}/webhooks/v3/${appId}/subscriptions`, { headers: auth })).json()) as {
      results: unknown[];
    };
    expect(list.results).toHaveLength(3);
    expect((await fetch(`${crm.url}/webhooks/v3/${appId}/settings`)).status).toBe(401);

    const a = crm.store.create('companies', { name: 'Acme', city: 'Paris' });
    const b = crm.store.create('companies', { name: 'Acme SA', city: 'Lyon' });
    crm.store.update('companies', a.id, { city: 'Nice', name: 'Acme Inc' });
    const merge = await fetch(`${crm.url}/crm/v3/objects/companies/merge`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ primaryObjectId: a.id, objectIdToMerge: b.id }),
    });
    expect(merge.status).toBe(200);
    expect(((await merge.json()) as { properties: Record<string, string> }).properties.hs_merged_object_ids).toBe(b.id);
    const gone = crm.store.create('companies', { name: 'Gone Ltd' });
    expect(
      (await fetch(`${crm.url}/crm/v3/objects/companies/${gone.id}`, { method: 'DELETE', headers: auth })).status,
    ).toBe(204);
    await crm.webhooks.dispatcher.drain();

    const events = target.deliveries.flatMap((d) => JSON.parse(d.body));
    // Only the subscribed property, no creation events (not subscribed); the merged record's
    // archive is reported as the merge, not as a deletion (as HubSpot does).
    expect(events.map((e: { subscriptionType: string }) => e.subscriptionType)).toEqual([
      'company.propertyChange',
      'company.merge',
      'company.deletion',
    ]);
    expect(events[0]).toMatchObject({
      objectId: Number(a.id),
      propertyName: 'city',
      propertyValue: 'Nice',
      attemptNumber: 0,
      appId,
    });
    expect(events[1]).toMatchObject({
      objectId: Number(a.id),
      primaryObjectId: Number(a.id),
      mergedObjectIds: [Number(b.id)],
    });
    for (const d of target.deliveries) {
      const timestamp = String(d.headers['x-hubspot-request-timestamp']);
      const expected = createHmac('sha256', secret).update(`POST${target.url}${d.body}${timestamp}`).digest('base64');
      expect(d.headers['x-hubspot-signature-v3']).toBe(expected);
    }
    const stats = (await (await fetch(`${crm.url}/__admin/stats`)).json()) as { webhooks: unknown };
    expect(stats.webhooks).toMatchObject({ delivered: 3, failed: 0, pending: 0 });
  });

  it('batches at most 100 events and retries a failed delivery with a growing attemptNumber, bounded', async () => {
    target = await receiver([500, 503]);
    crm = await startCrmServer({
      seed: false,
      webhooks: {
        secret,
        flushMs: 10,
        retryBaseMs: 5,
        maxAttempts: 3,
        subscriptions: [{ eventType: 'contact.creation' }],
      },
    });
    crm.webhooks.settings.targetUrl = target.url;
    crm.store.writeBatch(() => {
      for (let i = 0; i < 150; i++) crm!.store.create('contacts', { email: `p${i}@example.com` });
    });
    await crm.webhooks.dispatcher.drain();
    const bodies = target.deliveries.map((d) => JSON.parse(d.body) as { attemptNumber: number; eventId: number }[]);
    // Two deliveries (100 + 50) sent at once; each is refused once (500, 503), then retried.
    expect(bodies.map((b) => b.length)).toEqual([100, 50, 100, 50]);
    expect(bodies.map((b) => b[0]!.attemptNumber)).toEqual([0, 0, 1, 1]);
    expect(new Set(bodies.slice(2).flatMap((b) => b.map((e) => e.eventId))).size).toBe(150);
    expect(crm.webhooks.dispatcher.stats()).toMatchObject({ delivered: 150, failed: 0, pending: 0 });

    target.deliveries.length = 0;
    await target.close();
    crm.store.create('contacts', { email: 'lost@example.com' });
    await crm.webhooks.dispatcher.drain();
    expect(crm.webhooks.dispatcher.stats()).toMatchObject({ delivered: 150, failed: 1, pending: 0 });
    target = undefined;
  });
});
