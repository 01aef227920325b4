import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorRecord } from '../../../src/connectors';
import { AuthError, PermissionDeniedError, ValidationError } from '../../../src/errors';
import { type RunningCrmServer, startCrmServer } from '../server/start-crm-server';
import { createCrmClient } from './create-crm-client';
import { Company, Contact } from './crm-entities';

describe('mock CRM connector against the real mock server', () => {
  let crm: RunningCrmServer;
  let client: ReturnType<typeof createCrmClient>;

  const drain = async (entity: string, since: string | null, limit?: number) => {
    const records: ConnectorRecord[] = [];
    let pageToken: string | undefined;
    do {
      const page = await client.listChanges({
        entity,
        since,
        ...(pageToken ? { pageToken } : {}),
        ...(limit ? { limit } : {}),
      });
      records.push(...page.records);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return records;
  };

  beforeAll(async () => {
    crm = await startCrmServer({
      seed: { companies: 80, contacts: 150, seed: 21 },
      tokens: { full: 'all', companiesOnly: ['crm.objects.companies.read', 'crm.objects.companies.write'] },
    });
    client = createCrmClient({ baseUrl: crm.url, token: 'full', pageSize: 25 });
  });
  afterAll(async () => {
    await client.close();
    await crm.close();
  });

  it('initial listChanges pages every company and contact once, fields matching the entity schemas', async () => {
    const companies = await drain('company', null);
    expect(companies.map((r) => r.id)).toEqual(crm.seeded!.companyIds);
    for (const record of companies.slice(0, 10)) Company.parse(record.fields);
    expect(companies[0]!.updatedAt).toBe(crm.store.get('companies', companies[0]!.id)!.updatedAt);

    const contacts = await drain('contact', null, 40);
    expect(contacts).toHaveLength(150);
    for (const record of contacts.slice(0, 10)) Contact.parse(record.fields);
    for (const record of contacts) {
      expect(record.associations?.company).toEqual(crm.store.associations('contacts', record.id, 'companies'));
    }
    expect(contacts.some((r) => r.associations?.company?.length === 0)).toBe(true);
  });

  it('incremental listChanges returns records changed since the cursor, the edited one last', async () => {
    const all = await drain('company', null);
    const cursor = all
      .map((r) => r.updatedAt)
      .sort()
      .at(-1)!;
    const id = all[5]!.id;
    await client.upsertBatch('company', [{ key: 'k', id, fields: { city: 'Tulsa' } }]);

    const changed = await drain('company', cursor, 10);
    expect(changed.at(-1)).toMatchObject({ id, fields: { city: 'Tulsa' } });
    // Inclusive bound: the boundary record(s) come back too, nothing older.
    for (const record of changed) expect(record.updatedAt >= cursor).toBe(true);
    expect(changed.length).toBeLessThanOrEqual(3);

    const contactId = crm.seeded!.contactIds[0]!;
    await client.upsertBatch('contact', [{ key: 'c', id: contactId, fields: { jobtitle: 'Buyer' } }]);
    const contactChanges = await drain('contact', cursor);
    const edited = contactChanges.find((r) => r.id === contactId)!;
    expect(edited.associations?.company).toEqual(crm.store.associations('contacts', contactId, 'companies'));
  });

  it('upsertBatch gives one result per item: creates, updates and a rejected item with its field', async () => {
    const existing = crm.seeded!.contactIds[1]!;
    const results = await client.upsertBatch('contact', [
      { key: 'new-1', fields: { email: 'new.one@example.com', firstname: 'New', lastname: null } },
      { key: 'bad', fields: { email: 'definitely not an email' } },
      { key: 'upd', id: existing, fields: { phone: '+1 415 555 0199' } },
      { key: 'gone', id: '987654', fields: { phone: '1' } },
      { key: 'new-2', fields: { email: 'new.two@example.com' } },
    ]);
    expect(results.map((r) => [r.key, r.ok])).toEqual([
      ['new-1', true],
      ['bad', false],
      ['upd', true],
      ['gone', false],
      ['new-2', true],
    ]);
    const [created, bad, updated, gone] = results;
    expect(created).toMatchObject({
      ok: true,
      action: 'created',
      record: { fields: { email: 'new.one@example.com' } },
    });
    expect(updated).toMatchObject({
      ok: true,
      action: 'updated',
      record: { id: existing, fields: { phone: '+1 415 555 0199' } },
    });
    if (bad?.ok !== false || gone?.ok !== false) throw new Error('expected failures');
    expect(bad.error).toBeInstanceOf(ValidationError);
    expect((bad.error as ValidationError).fieldErrors).toEqual([
      { field: 'email', message: expect.stringContaining('invalid') },
    ]);
    expect(gone.error.code).toBe('not_found');
  });

  it('upsertBatch splits repeated ids into ordered calls and maps a unique clash onto the field', async () => {
    const id = crm.seeded!.companyIds[2]!;
    const results = await client.upsertBatch('company', [
      { key: 'a', id, fields: { city: 'First' } },
      { key: 'b', id, fields: { city: 'Second' } },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(crm.store.get('companies', id)!.properties.city).toBe('Second');

    const taken = [...crm.store.live('contacts')].find((c) => c.properties.email)!;
    const [clash] = await client.upsertBatch('contact', [{ key: 'dup', fields: { email: taken.properties.email } }]);
    if (clash?.ok !== false) throw new Error('expected a clash');
    expect(clash.error).toBeInstanceOf(ValidationError);
    expect(clash.error.details).toMatchObject({ existingId: taken.id });
  });

  it('readByIds returns found records in the asked order and leaves missing ones out', async () => {
    const [a, b] = crm.seeded!.contactIds;
    const records = await client.readByIds('contact', [b!, '5555555', a!]);
    expect(records.map((r) => r.id)).toEqual([b, a]);
    expect(records[0]!.associations).toHaveProperty('company');
  });

  it('searchByKeys ORs the keys, matches case-insensitively and ignores empty values', async () => {
    const withDomain = [...crm.store.live('companies')].filter((c) => c.properties.domain && c.properties.tax_id);
    const [x, y] = withDomain;
    const found = await client.searchByKeys('company', {
      domain: x!.properties.domain!.toUpperCase(),
      tax_id: y!.properties.tax_id!,
      phone: '',
    });
    expect(found.map((r) => r.id).sort()).toEqual([x!.id, y!.id].sort());
    const contact = [...crm.store.live('contacts')].find((c) => c.properties.email?.trim() === c.properties.email)!;
    const byEmail = await client.searchByKeys('contact', { email: contact.properties.email!.toUpperCase() });
    expect(byEmail.map((r) => r.id)).toEqual([contact.id]);
    expect(await client.searchByKeys('contact', { email: '' })).toEqual([]);
  });

  it('health is ok with a valid token and explains a bad one', async () => {
    expect(await client.health()).toEqual({ ok: true });
    const bad = createCrmClient({ baseUrl: crm.url, token: 'nope' });
    const health = await bad.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^auth_failed/);
    expect(health.detail).not.toContain('nope');
    await bad.close();
  });

  it('maps 401 to AuthError and 403 to PermissionDeniedError, never retrying them', async () => {
    const bad = createCrmClient({ baseUrl: crm.url, token: 'nope' });
    const limited = createCrmClient({ baseUrl: crm.url, token: 'companiesOnly' });
    await crm.stats.reset();
    await expect(bad.listChanges({ entity: 'company', since: null })).rejects.toBeInstanceOf(AuthError);
    const denied = await limited.listChanges({ entity: 'contact', since: null }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect((denied as PermissionDeniedError).message).toContain('MISSING_SCOPES');
    expect(crm.stats.snapshot().total).toBe(2);
    await bad.close();
    await limited.close();
  });

  it('refuses an entity it does not declare', async () => {
    await expect(client.listChanges({ entity: 'invoice', since: null })).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });
});
