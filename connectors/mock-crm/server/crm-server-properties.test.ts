import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmClient } from '../client/create-crm-client';
import { INDUSTRIES } from './crm-schemas';
import { crmTestApi } from './crm-test-api';
import { type RunningCrmServer, startCrmServer } from './start-crm-server';

describe('mock CRM properties API (real HTTP)', () => {
  let crm: RunningCrmServer;

  beforeAll(async () => {
    crm = await startCrmServer({
      seed: { companies: 1, contacts: 1, seed: 3 },
      tokens: { full: 'all', contactsOnly: ['crm.objects.contacts.read'] },
    });
  });
  afterAll(() => crm.close());

  it('lists every property of an object type with HubSpot type, fieldType and picklist options', async () => {
    const { status, body } = await crmTestApi(crm, 'full').get('/crm/v3/properties/companies');
    expect(status).toBe(200);
    const byName = new Map((body.results as { name: string }[]).map((p) => [p.name, p]));
    expect(byName.get('industry')).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
      options: INDUSTRIES.map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false })),
    });
    expect(byName.get('hs_object_id')).toMatchObject({ type: 'number', modificationMetadata: { readOnlyValue: true } });
    expect(byName.get('tax_id')).toMatchObject({ type: 'string', fieldType: 'text', hasUniqueValue: true });
  });

  it('answers 403 without the object read scope and 400 for an unknown object type', async () => {
    expect((await crmTestApi(crm, 'contactsOnly').get('/crm/v3/properties/companies')).status).toBe(403);
    expect((await crmTestApi(crm, 'full').get('/crm/v3/properties/widgets')).status).toBe(400);
  });

  it('the connector describes an entity from it, in ConnectorRecord terms (HubSpot values are text)', async () => {
    const client = createCrmClient({ baseUrl: crm.url, token: 'full' });
    try {
      const description = await client.describeEntity('company');
      const industry = description.fields.find((f) => f.name === 'industry');
      expect(industry).toMatchObject({ type: 'enumeration', options: [...INDUSTRIES] });
      expect(description.fields.find((f) => f.name === 'numberofemployees')?.type).toBe('string');
      expect(description.fields.find((f) => f.name === 'hs_object_id')?.readOnly).toBe(true);
    } finally {
      await client.close();
    }
  });
});
