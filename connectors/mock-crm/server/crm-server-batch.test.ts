import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmTestApi } from './crm-test-api';
import { type RunningCrmServer, startCrmServer } from './start-crm-server';

describe('mock CRM batch API (real HTTP)', () => {
  let crm: RunningCrmServer;
  let api: ReturnType<typeof crmTestApi>;

  beforeAll(async () => {
    crm = await startCrmServer({ seed: { companies: 30, contacts: 60, seed: 5 } });
    api = crmTestApi(crm);
  });
  afterAll(() => crm.close());

  it('batch/read returns found objects and a 207 error listing the missing ids', async () => {
    const [a, b] = crm.seeded!.companyIds;
    const all = await api.post('/crm/v3/objects/companies/batch/read', {
      inputs: [{ id: a }, { id: b }],
      properties: ['name'],
    });
    expect(all.status).toBe(200);
    expect(all.body.results.map((r: { id: string }) => r.id).sort()).toEqual([a, b].sort());
    const some = await api.post('/crm/v3/objects/companies/batch/read', { inputs: [{ id: a }, { id: '424242' }] });
    expect(some.status).toBe(207);
    expect(some.body.results).toHaveLength(1);
    expect(some.body.errors).toEqual([
      expect.objectContaining({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } }),
    ]);
  });

  it('batch/create answers 201, echoes objectWriteTraceId and stringifies values', async () => {
    const { status, body } = await api.post('/crm/v3/objects/companies/batch/create', {
      inputs: [
        { properties: { name: 'Batch One', annualrevenue: 1500000 }, objectWriteTraceId: 'a' },
        { properties: { name: 'Batch Two', domain: 'two.example' }, objectWriteTraceId: 'b' },
      ],
    });
    expect(status).toBe(201);
    expect(body.status).toBe('COMPLETE');
    const byTrace = Object.fromEntries(
      body.results.map((r: { objectWriteTraceId: string }) => [r.objectWriteTraceId, r]),
    );
    expect(byTrace.a.properties).toMatchObject({ name: 'Batch One', annualrevenue: '1500000' });
    expect(byTrace.b.properties.domain).toBe('two.example');
    expect(byTrace.a.updatedAt).toBe(byTrace.b.updatedAt);
  });

  it('a partly invalid batch answers 207: good inputs written, each error naming its input and property', async () => {
    const { status, body } = await api.post('/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: { email: 'ok.one@example.com' } },
        { properties: { email: 'not-an-email' } },
        { properties: { favourite_colour: 'blue' } },
      ],
    });
    expect(status).toBe(207);
    expect(body.results).toHaveLength(1);
    expect(body.numErrors).toBe(2);
    const [email, unknown] = body.errors;
    expect(email).toMatchObject({
      category: 'VALIDATION_ERROR',
      context: { inputIndex: ['1'], propertyName: ['email'] },
      errors: [{ code: 'INVALID_EMAIL', context: { propertyName: ['email'] } }],
    });
    expect(unknown).toMatchObject({ context: { inputIndex: ['2'], propertyName: ['favourite_colour'] } });
    expect(unknown.message).toContain('favourite_colour');
  });

  it('an entirely invalid batch answers 400 VALIDATION_ERROR with the same per-input errors', async () => {
    const { status, body } = await api.post('/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'bad' } }],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(body.message).toContain('INVALID_EMAIL');
    expect(body.errors[0]).toMatchObject({
      context: { inputIndex: ['0'], propertyName: ['email'] },
      errors: [{ code: 'INVALID_EMAIL', context: { propertyName: ['email'] } }],
    });
  });

  it('refuses more than 100 inputs, duplicate ids and read-only properties', async () => {
    const many = Array.from({ length: 101 }, () => ({ properties: { name: 'x' } }));
    expect((await api.post('/crm/v3/objects/companies/batch/create', { inputs: many })).status).toBe(400);
    const id = crm.seeded!.companyIds[0];
    const dup = await api.post('/crm/v3/objects/companies/batch/update', {
      inputs: [
        { id, properties: { city: 'A' } },
        { id, properties: { city: 'B' } },
      ],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toContain('Duplicate IDs');
    const readOnly = await api.post('/crm/v3/objects/companies/batch/update', {
      inputs: [{ id, properties: { hs_lastmodifieddate: '0' } }],
    });
    expect(readOnly.body.errors[0].errors[0].code).toBe('READ_ONLY_VALUE');
  });

  it('batch/update bumps updatedAt and reports unknown ids per input', async () => {
    const id = crm.seeded!.companyIds[1]!;
    const before = crm.store.get('companies', id)!.updatedAt;
    const { status, body } = await api.post('/crm/v3/objects/companies/batch/update', {
      inputs: [
        { id, properties: { city: 'Boise', state: 'ID' } },
        { id: '777777', properties: { city: 'Nowhere' } },
      ],
    });
    expect(status).toBe(207);
    expect(body.results[0].properties).toMatchObject({ city: 'Boise', state: 'ID' });
    expect(Date.parse(body.results[0].updatedAt)).toBeGreaterThan(Date.parse(before));
    expect(body.errors[0]).toMatchObject({
      category: 'OBJECT_NOT_FOUND',
      context: { inputIndex: ['1'], ids: ['777777'] },
    });
  });

  it('batch/upsert creates or updates by a unique property and says which', async () => {
    const existing = [...crm.store.live('contacts')].find((c) => c.properties.email)!;
    const email = existing.properties.email!.trim();
    const { status, body } = await api.post('/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: email.toUpperCase(), idProperty: 'email', properties: { jobtitle: 'Upserted' } },
        { id: 'brand.new@example.com', idProperty: 'email', properties: { firstname: 'Brand' } },
      ],
    });
    expect(status).toBe(200);
    const [updated, created] = body.results;
    expect(updated).toMatchObject({ id: existing.id, new: false, properties: { jobtitle: 'Upserted' } });
    expect(created).toMatchObject({ new: true, properties: { email: 'brand.new@example.com', firstname: 'Brand' } });
    const wrongKey = await api.post('/crm/v3/objects/contacts/batch/upsert', {
      inputs: [{ id: 'x', idProperty: 'firstname', properties: {} }],
    });
    expect(wrongKey.status).toBe(400);
  });

  it('a create reusing a unique value is a per-input CONFLICT naming the existing id', async () => {
    const taken = [...crm.store.live('contacts')].find((c) => c.properties.email)!;
    const { status, body } = await api.post('/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: { email: 'fresh.person@example.com' } },
        { properties: { email: taken.properties.email } },
      ],
    });
    expect(status).toBe(207);
    expect(body.errors[0]).toMatchObject({
      category: 'CONFLICT',
      context: { inputIndex: ['1'], propertyName: ['email'], existingId: [taken.id] },
    });
  });

  it('answers 400 for malformed JSON', async () => {
    const { status, body } = await api.post('/crm/v3/objects/companies/batch/create', '{"inputs": [');
    expect(status).toBe(400);
    expect(body.category).toBe('VALIDATION_ERROR');
  });
});
