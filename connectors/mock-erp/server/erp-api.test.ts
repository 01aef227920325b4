import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErpServer, startErpServer } from './start-erp-server';

const TOKEN = 'test-token';
let erp: ErpServer;
let clock = Date.parse('2026-02-01T00:00:00Z');

interface Entity {
  id: string;
  number: string;
  '@odata.etag': string;
  [field: string]: unknown;
}

async function call(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  if (rest.body !== undefined) headers.set('content-type', 'application/json');
  const url = path.startsWith('http') ? path : `${erp.apiUrl}/${path}`;
  const response = await fetch(url, { ...rest, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const collection = (set: string, query = '') => `companies(${erp.companyId})/${set}${query}`;

async function listAll(first: string): Promise<{ records: Entity[]; pages: number }> {
  const records: Entity[] = [];
  let url: string | undefined = first;
  let pages = 0;
  while (url) {
    const page = await call(url);
    expect(page.status).toBe(200);
    records.push(...page.body.value);
    url = page.body['@odata.nextLink'];
    pages += 1;
  }
  return { records, pages };
}

beforeAll(async () => {
  erp = await startErpServer({
    seed: { customers: 25, seed: 4 },
    tokens: { [TOKEN]: '*', 'contacts-only': ['contacts'] },
    maxPageSize: 10,
    now: () => clock,
  });
});
afterAll(() => erp.close());

describe('mock ERP API: reads', () => {
  it('lists the one company', async () => {
    const { status, body } = await call('companies');
    expect(status).toBe(200);
    expect(body.value).toEqual([expect.objectContaining({ id: erp.companyId, name: 'CRONUS USA, Inc.' })]);
  });

  it('pages with @odata.nextLink through every record exactly once, even while records change', async () => {
    const first = await call(collection('customers'));
    expect(first.body.value).toHaveLength(10);
    expect(first.body['@odata.nextLink']).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/v2\.0\/companies\(.+\)\/customers\?.*\$skiptoken=/,
    );
    // A write between pages must not shift the paging.
    erp.store.update('customers', first.body.value[3].id, { city: 'Moved' });
    const { records, pages } = await listAll(collection('customers'));
    expect(pages).toBe(3);
    expect(records.map((r) => r.number)).toEqual(
      Array.from({ length: 25 }, (_, i) => `C${String((i + 1) * 10).padStart(5, '0')}`),
    );

    const byChange = await listAll(collection('customers', '?$orderby=lastModifiedDateTime asc'));
    expect(new Set(byChange.records.map((r) => r.id)).size).toBe(25);
    expect(byChange.records.at(-1)?.city).toBe('Moved');
  });

  it('stops at $top across pages and honours Prefer: odata.maxpagesize', async () => {
    const topped = await listAll(collection('customers', '?$top=15&$skip=2'));
    expect(topped.records).toHaveLength(15);
    expect(topped.records[0]?.number).toBe('C00030');
    expect(topped.pages).toBe(2);
    const small = await call(collection('customers'), { headers: { prefer: 'odata.maxpagesize=4' } });
    expect(small.body.value).toHaveLength(4);
    expect(small.headers.get('preference-applied')).toBe('odata.maxpagesize=4');
  });

  it('filters on lastModifiedDateTime with gt, ge and lt, and on strings case-insensitively', async () => {
    clock = Date.parse('2026-03-01T00:00:00Z');
    const a = erp.store.create('customers', { displayName: 'Filter A', city: 'Springfield' });
    clock = Date.parse('2026-03-02T00:00:00Z');
    const b = erp.store.create('customers', { displayName: 'Filter B', city: 'Springfield' });
    clock = Date.parse('2026-03-03T00:00:00Z');
    const c = erp.store.create('customers', { displayName: 'Filter C', city: 'Denver' });
    const ids = async (filter: string) =>
      (await listAll(collection('customers', `?$filter=${encodeURIComponent(filter)}`))).records.map((r) => r.id);

    expect(await ids('lastModifiedDateTime gt 2026-03-02T00:00:00Z')).toEqual([c.data.id]);
    expect(await ids("lastModifiedDateTime ge '2026-03-02T00:00:00.000Z'")).toEqual([b.data.id, c.data.id]);
    expect(
      await ids('lastModifiedDateTime lt 2026-03-02T00:00:00Z and lastModifiedDateTime ge 2026-03-01T00:00:00Z'),
    ).toEqual([a.data.id]);
    expect(await ids("displayName eq 'FILTER b'")).toEqual([b.data.id]);
    expect(await ids("(city eq 'SPRINGFIELD' and displayName ne 'Filter A') or displayName eq 'Filter C'")).toEqual([
      b.data.id,
      c.data.id,
    ]);
  });

  it('applies $select and $orderby desc', async () => {
    const { body } = await call(collection('customers', '?$select=number,displayName&$orderby=number desc&$top=2'));
    expect(body.value).toEqual([
      { '@odata.etag': expect.any(String), number: 'C00280', displayName: 'Filter C' },
      { '@odata.etag': expect.any(String), number: 'C00270', displayName: 'Filter B' },
    ]);
  });

  it.each([
    ["$filter=nope eq 'x'", /Could not find a property named 'nope'/],
    ["$filter=city eq 'x", /Unterminated string/],
    ['$top=-1', /\$top/],
    ['$orderby=city sideways', /\$orderby/],
    ['$expand=contacts', /navigation property named 'contacts'/],
    ['$skiptoken=garbage', /skiptoken/],
  ])('answers 400 BadRequest to %s', async (query, message) => {
    const { status, body } = await call(collection('customers', `?${query}`));
    expect(status).toBe(400);
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(message);
  });

  it('answers 404 Internal_RecordNotFound for an unknown id and 404 for an unknown entity set', async () => {
    const missing = await call(collection('customers', '(00000000-0000-4000-8000-000000000000)'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Internal_RecordNotFound');
    expect((await call(collection('purchaseOrders'))).status).toBe(404);
  });
});

describe('mock ERP API: credentials', () => {
  it('answers 401 without a token and with a wrong one', async () => {
    for (const token of [null, 'wrong-token']) {
      const { status, headers, body } = await call('companies', { token });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(body.error.code).toBe('Authentication_InvalidCredentials');
    }
  });

  it('answers 403 Authorization_Failed for a module the token lacks', async () => {
    const denied = await call(collection('customers'), { token: 'contacts-only' });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'Authorization_Failed',
      message: expect.stringMatching(/Customer: Read/),
    });
    expect((await call(collection('contacts'), { token: 'contacts-only' })).status).toBe(200);
  });
});

describe('mock ERP API: writes', () => {
  it('creates with 201, an ETag header, @odata.etag and a location', async () => {
    const { status, headers, body } = await call(collection('customers'), {
      method: 'POST',
      body: JSON.stringify({ displayName: 'Created Co', email: 'ap@created.example' }),
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ displayName: 'Created Co', type: 'Company', blocked: ' ', balanceDue: 0 });
    expect(body['@odata.etag']).toMatch(/^W\/"/);
    expect(headers.get('etag')).toBe(body['@odata.etag']);
    expect(headers.get('location')).toContain(`/customers(${body.id})`);
  });

  it('updates only with a current If-Match: 412 when stale, 400 when missing, 200 with a new etag', async () => {
    const created = (
      await call(collection('customers'), { method: 'POST', body: JSON.stringify({ displayName: 'Etag Co' }) })
    ).body;
    const url = collection('customers', `(${created.id})`);
    const patch = (ifMatch: string | undefined) =>
      call(url, {
        method: 'PATCH',
        body: JSON.stringify({ city: 'Chicago' }),
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });

    const updated = await patch(created['@odata.etag']);
    expect(updated.status).toBe(200);
    expect(updated.body.city).toBe('Chicago');
    expect(updated.body['@odata.etag']).not.toBe(created['@odata.etag']);

    const stale = await patch(created['@odata.etag']);
    expect(stale.status).toBe(412);
    expect(stale.body.error).toEqual({
      code: 'Request_EntityChanged',
      message: 'Another user has already changed the record.',
    });

    const missing = await patch(undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/Could not validate the client concurrency token/);
    expect((await patch('*')).status).toBe(200);
  });

  it('answers 400 naming every bad field in details', async () => {
    const { status, body } = await call(collection('customers'), {
      method: 'POST',
      body: JSON.stringify({
        displayName: 'Bad Co',
        email: 'not-an-email',
        state: 'x'.repeat(31),
        balanceDue: 5,
        colour: 'red',
      }),
    });
    expect(status).toBe(400);
    expect(body.error.message).toContain(
      'The field email of table Customer contains a value (not-an-email) that is not a valid e-mail address.',
    );
    expect(body.error.details.map((d: { target: string }) => d.target)).toEqual([
      'email',
      'state',
      'balanceDue',
      'colour',
    ]);
    const missingName = await call(collection('customers'), {
      method: 'POST',
      body: JSON.stringify({ city: 'Nowhere' }),
    });
    expect(missingName.body.error.details).toEqual([expect.objectContaining({ target: 'displayName' })]);
  });

  it("refuses a contact whose customerId does not exist, and accepts the customer's id", async () => {
    const unknown = await call(collection('contacts'), {
      method: 'POST',
      body: JSON.stringify({ displayName: 'Ann Lee', customerId: '00000000-0000-4000-8000-000000000001' }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({
      target: 'customerId',
      message: expect.stringMatching(/related table \(Customer\)/),
    });
    const customer = (await call(collection('customers', '?$top=1'))).body.value[0];
    const linked = await call(collection('contacts'), {
      method: 'POST',
      body: JSON.stringify({ displayName: 'Ann Lee', customerId: customer.id.toUpperCase() }),
    });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ customerId: customer.id, number: expect.stringMatching(/^CT\d{6}$/) });
  });

  it('deletes with If-Match, after which the record is gone', async () => {
    const created = (
      await call(collection('customers'), { method: 'POST', body: JSON.stringify({ displayName: 'Gone Co' }) })
    ).body;
    const url = collection('customers', `(${created.id})`);
    expect((await call(url, { method: 'DELETE', headers: { 'if-match': created['@odata.etag'] } })).status).toBe(204);
    expect((await call(url)).status).toBe(404);
  });
});

describe('mock ERP API: $batch', () => {
  it('answers each operation on its own: one bad request does not fail the good ones', async () => {
    const existing = (await call(collection('customers', '?$top=1'))).body.value[0];
    const requests = [
      { id: 'a', method: 'POST', url: collection('customers'), body: { displayName: 'Batch One' } },
      { id: 'b', method: 'POST', url: collection('customers'), body: { displayName: 'Batch Two', email: 'nope' } },
      {
        id: 'c',
        method: 'PATCH',
        url: `/api/v2.0/${collection('customers', `(${existing.id})`)}`,
        headers: { 'If-Match': 'W/"stale"' },
        body: { city: 'X' },
      },
      { id: 'd', method: 'GET', url: `${erp.apiUrl}/${collection('customers', `(${existing.id})`)}` },
      { id: 'e', method: 'POST', url: collection('customers'), body: { displayName: 'Batch Three' } },
    ];
    const { status, body } = await call('$batch', { method: 'POST', body: JSON.stringify({ requests }) });
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.responses.map((r: { id: string }) => [r.id, r]));
    expect(Object.fromEntries(Object.entries(byId).map(([id, r]) => [id, (r as { status: number }).status]))).toEqual({
      a: 201,
      b: 400,
      c: 412,
      d: 200,
      e: 201,
    });
    expect(byId.b.body.error.details[0].target).toBe('email');
    expect(byId.a.headers.etag).toBe(byId.a.body['@odata.etag']);
    const created = await call(
      collection(
        'customers',
        `?$filter=${encodeURIComponent("displayName eq 'Batch One' or displayName eq 'Batch Three'")}`,
      ),
    );
    expect(created.body.value).toHaveLength(2);
  });

  it('refuses more than 100 operations', async () => {
    const requests = Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'GET', url: 'companies' }));
    const { status, body } = await call('$batch', { method: 'POST', body: JSON.stringify({ requests }) });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/at most 100/);
  });
});
