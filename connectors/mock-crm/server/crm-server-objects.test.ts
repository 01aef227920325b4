import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmTestApi } from './crm-test-api';
import { type RunningCrmServer, startCrmServer } from './start-crm-server';

describe('mock CRM objects API (real HTTP)', () => {
  let crm: RunningCrmServer;
  let api: ReturnType<typeof crmTestApi>;

  beforeAll(async () => {
    crm = await startCrmServer({
      seed: { companies: 120, contacts: 250, seed: 3 },
      tokens: {
        full: 'all',
        readCompanies: ['crm.objects.companies.read'],
      },
    });
    api = crmTestApi(crm, 'full');
  });
  afterAll(() => crm.close());

  it('pages through every company exactly once, in id order, with a link to the next page', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await api.get(`/crm/v3/objects/companies?limit=17${after ? `&after=${after}` : ''}`);
      expect(status).toBe(200);
      expect(body.results.length).toBeLessThanOrEqual(17);
      seen.push(...body.results.map((r: { id: string }) => r.id));
      after = body.paging?.next?.after;
      if (after) expect(body.paging.next.link).toContain(`after=${after}`);
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(120 / 17));
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort((a, b) => Number(a) - Number(b)));
    expect(seen).toEqual(crm.seeded!.companyIds);
  });

  it('returns HubSpot-shaped objects, only the requested properties plus the system ones', async () => {
    const { body } = await api.get('/crm/v3/objects/companies?limit=1&properties=name,domain&properties=nope');
    const [company] = body.results;
    expect(Object.keys(company).sort()).toEqual(['archived', 'createdAt', 'id', 'properties', 'updatedAt']);
    expect(Object.keys(company.properties).sort()).toEqual([
      'createdate',
      'domain',
      'hs_lastmodifieddate',
      'hs_object_id',
      'name',
    ]);
    expect(company.properties.hs_object_id).toBe(company.id);
    expect(company.properties.hs_lastmodifieddate).toBe(company.updatedAt);
  });

  it('defaults to limit 10 and refuses more than 100', async () => {
    expect((await api.get('/crm/v3/objects/contacts')).body.results).toHaveLength(10);
    expect((await api.get('/crm/v3/objects/contacts?limit=101')).status).toBe(400);
  });

  it('reads one object, by id or by a unique property, and answers 404 in HubSpot shape', async () => {
    const id = crm.seeded!.contactIds[0]!;
    const one = await api.get(`/crm/v3/objects/contacts/${id}?associations=companies`);
    expect(one.status).toBe(200);
    expect(one.body.associations.companies.results[0].type).toBe('contact_to_company');
    const email = one.body.properties.email as string;
    const byEmail = await api.get(
      `/crm/v3/objects/contacts/${encodeURIComponent(email.toUpperCase())}?idProperty=email`,
    );
    expect(byEmail.body.id).toBe(id);
    const missing = await api.get('/crm/v3/objects/contacts/999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('answers 401 without a token or with an unknown one, in HubSpot shape', async () => {
    for (const auth of [null, 'wrong-token']) {
      const { status, body } = await api.get('/crm/v3/objects/companies', auth);
      expect(status).toBe(401);
      expect(body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
      expect(body.correlationId).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toContain('wrong-token');
    }
  });

  it('answers 403 MISSING_SCOPES naming the scope a token lacks', async () => {
    expect((await api.get('/crm/v3/objects/companies', 'readCompanies')).status).toBe(200);
    const contacts = await api.get('/crm/v3/objects/contacts', 'readCompanies');
    expect(contacts.status).toBe(403);
    expect(contacts.body.category).toBe('MISSING_SCOPES');
    expect(contacts.body.errors[0].context.requiredGranularScopes).toEqual(['crm.objects.contacts.read']);
    const write = await api.post('/crm/v3/objects/companies/batch/create', { inputs: [] }, 'readCompanies');
    expect(write.status).toBe(403);
  });

  it('answers 400 for an unknown object type and accepts HubSpot type ids', async () => {
    expect((await api.get('/crm/v3/objects/widgets')).status).toBe(400);
    expect((await api.get('/crm/v3/objects/0-2?limit=1')).body.results[0].id).toBe(crm.seeded!.companyIds[0]);
  });

  it('creates, updates and archives single objects', async () => {
    const created = await api.post('/crm/v3/objects/companies', {
      properties: { name: 'Solo Co', numberofemployees: 12 },
    });
    expect(created.status).toBe(201);
    expect(created.body.properties.numberofemployees).toBe('12');
    const patched = await api.patch(`/crm/v3/objects/companies/${created.body.id}`, { properties: { city: 'Austin' } });
    expect(patched.body.properties).toMatchObject({ name: 'Solo Co', city: 'Austin' });
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));
    const invalid = await api.patch(`/crm/v3/objects/companies/${created.body.id}`, {
      properties: { industry: 'Widgets' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ code: 'INVALID_OPTION', context: { propertyName: ['industry'] } });
    expect((await api.delete(`/crm/v3/objects/companies/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`/crm/v3/objects/companies/${created.body.id}`)).status).toBe(404);
    expect((await api.get(`/crm/v3/objects/companies/${created.body.id}?archived=true`)).body.archived).toBe(true);
  });
});
