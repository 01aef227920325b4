import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmTestApi } from './crm-test-api';
import { type RunningCrmServer, startCrmServer } from './start-crm-server';

describe('mock CRM associations (real HTTP)', () => {
  let crm: RunningCrmServer;
  let api: ReturnType<typeof crmTestApi>;

  beforeAll(async () => {
    crm = await startCrmServer({ seed: { companies: 20, contacts: 60, seed: 8 } });
    api = crmTestApi(crm);
  });
  afterAll(() => crm.close());

  it('lists v4 associations in both directions', async () => {
    const contact = crm.seeded!.contactIds.find(
      (id) => crm.store.associations('contacts', id, 'companies').length > 0,
    )!;
    const [company] = crm.store.associations('contacts', contact, 'companies');
    const forward = await api.get(`/crm/v4/objects/contacts/${contact}/associations/companies`);
    expect(forward.body.results).toEqual([
      { toObjectId: Number(company), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 279, label: null }] },
    ]);
    const back = await api.get(`/crm/v4/objects/companies/${company}/associations/contacts`);
    expect(back.body.results.map((r: { toObjectId: number }) => String(r.toObjectId))).toContain(contact);
  });

  it('creates a default association with PUT, bumping both records, and removes it with DELETE', async () => {
    const created = await api.post('/crm/v3/objects/contacts', { properties: { email: 'assoc.me@example.com' } });
    const company = crm.seeded!.companyIds[3]!;
    const companyBefore = crm.store.get('companies', company)!.updatedAt;
    const put = await api.put(`/crm/v4/objects/contacts/${created.body.id}/associations/default/companies/${company}`);
    expect(put.status).toBe(200);
    expect(put.body.results[0].associationSpec).toEqual({
      associationCategory: 'HUBSPOT_DEFINED',
      associationTypeId: 279,
    });
    expect(Date.parse(crm.store.get('companies', company)!.updatedAt)).toBeGreaterThan(Date.parse(companyBefore));
    const listed = await api.get(
      `/crm/v3/objects/contacts?limit=100&after=${Number(created.body.id) - 1}&associations=companies`,
    );
    expect(listed.body.results[0].associations.companies.results).toEqual([
      { id: company, type: 'contact_to_company' },
    ]);
    expect(
      (await api.delete(`/crm/v4/objects/contacts/${created.body.id}/associations/companies/${company}`)).status,
    ).toBe(204);
    expect((await api.get(`/crm/v4/objects/contacts/${created.body.id}/associations/companies`)).body.results).toEqual(
      [],
    );
    expect(
      (await api.put(`/crm/v4/objects/contacts/${created.body.id}/associations/default/companies/999999`)).status,
    ).toBe(404);
  });

  it('batch-reads associations, reporting objects without any as 207 errors', async () => {
    const linked = crm.seeded!.contactIds.filter(
      (id) => crm.store.associations('contacts', id, 'companies').length > 0,
    );
    const lonely = await api.post('/crm/v3/objects/contacts', { properties: { firstname: 'Lonely' } });
    const { status, body } = await api.post('/crm/v4/associations/contacts/companies/batch/read', {
      inputs: [{ id: linked[0] }, { id: linked[1] }, { id: lonely.body.id }],
    });
    expect(status).toBe(207);
    expect(body.results.map((r: { from: { id: string } }) => r.from.id).sort()).toEqual([linked[0], linked[1]].sort());
    expect(body.errors[0].context.fromObjectId).toEqual([lonely.body.id]);
  });

  it('creates objects with associations in batch/create', async () => {
    const company = crm.seeded!.companyIds[0]!;
    const { status, body } = await api.post('/crm/v3/objects/contacts/batch/create', {
      inputs: [
        {
          properties: { email: 'linked.new@example.com' },
          associations: [
            { to: { id: company }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] },
          ],
        },
        {
          properties: { email: 'linked.bad@example.com' },
          associations: [
            { to: { id: '999999' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] },
          ],
        },
      ],
    });
    expect(status).toBe(207);
    expect(crm.store.associations('contacts', body.results[0].id, 'companies')).toEqual([company]);
    expect(body.errors[0].context).toMatchObject({ inputIndex: ['1'], toObjectId: ['999999'] });
    expect(crm.store.getByUnique('contacts', 'email', 'linked.bad@example.com')).toBeUndefined();
  });

  it('requires read scope on both object types', async () => {
    const limited = await startCrmServer({ seed: false, tokens: { t: ['crm.objects.contacts.read'] } });
    try {
      const response = await crmTestApi(limited, 't').get('/crm/v4/objects/contacts/1/associations/companies');
      expect(response.status).toBe(403);
      expect(response.body.errors[0].context.requiredGranularScopes).toEqual(['crm.objects.companies.read']);
    } finally {
      await limited.close();
    }
  });
});
