import { afterEach, describe, expect, it } from 'vitest';
import { type ErpServer, startErpServer } from './start-erp-server';
import type { FeedEntry } from './write-feed';

const AUTH = { authorization: 'Bearer dev-erp-token', 'content-type': 'application/json' };
let erp: ErpServer | undefined;
afterEach(async () => {
  await erp?.close();
  erp = undefined;
});

describe('mock ERP /__admin/changes (write feed)', () => {
  it('reports each committed customer write once, in order, with its commit time, after a position', async () => {
    erp = await startErpServer({ seed: { customers: 0 } });
    const feed = async (since: number, set = 'customers') =>
      (await (await fetch(`${erp!.url}/__admin/changes?since=${since}&set=${set}`)).json()) as {
        entries: FeedEntry[];
        last: number;
      };
    const start = (await feed(0)).last;
    const before = Date.now();
    const url = `${erp.apiUrl}/companies(${erp.companyId})/customers`;
    const created = (await (
      await fetch(url, { method: 'POST', headers: AUTH, body: JSON.stringify({ displayName: 'Feed Co' }) })
    ).json()) as { id: string; '@odata.etag': string };
    await fetch(`${url}(${created.id})`, {
      method: 'PATCH',
      headers: { ...AUTH, 'if-match': created['@odata.etag'] },
      body: JSON.stringify({ city: 'Feedville' }),
    });
    const after = Date.now();
    const page = await feed(start);
    expect(page.entries.map((e) => [e.id, e.kind])).toEqual([
      [created.id, 'create'],
      [created.id, 'update'],
    ]);
    for (const e of page.entries) expect(e.at).toBeGreaterThanOrEqual(before - 1);
    for (const e of page.entries) expect(e.at).toBeLessThanOrEqual(after + 1);
    // Nothing newer than the last position; another set filters these out.
    expect((await feed(page.last)).entries).toEqual([]);
    expect((await feed(start, 'items')).entries).toEqual([]);
  });
});
