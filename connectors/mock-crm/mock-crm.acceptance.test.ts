import { closedPortUrl, describeConnectorAcceptance, type EntityUnderTest } from '../../src/connectors/testkit';
import { mockCrmConnector } from './index';
import { type RunningCrmServer, startCrmServer } from './server/start-crm-server';

let crm: RunningCrmServer;
let counter = 0;

const company: EntityUnderTest = {
  entity: 'company',
  async seed(ctx, n) {
    const items = Array.from({ length: n }, () => ({ key: `seed-${counter}`, fields: company.newFields(counter++) }));
    const results = await ctx.methods.upsertBatch!('company', items);
    return results.map((r) => {
      if (!r.ok) throw r.error;
      return r.record.id;
    });
  },
  async edit(ctx, id) {
    const [result] = await ctx.methods.upsertBatch!('company', [
      { key: id, id, fields: { city: `Edited ${counter++}` } },
    ]);
    if (!result?.ok) throw result?.error ?? new Error('no result');
  },
  newFields: (i) => ({
    name: `Acceptance Company ${i}`,
    domain: `acceptance-${i}-${process.pid}.example`,
    city: 'Springfield',
  }),
  searchKey: { field: 'domain', valueOf: (record) => (record.fields.domain as string | null) ?? undefined },
  missingId: '999999999',
  pageSize: 5,
};

describeConnectorAcceptance({
  name: 'mock-crm',
  connector: mockCrmConnector,
  async setup() {
    crm = await startCrmServer({
      seed: { companies: 12, contacts: 0, seed: 5 },
      tokens: { full: 'all', readOnly: ['crm.objects.companies.read'] },
    });
  },
  teardown: () => crm.close(),
  config: () => ({ baseUrl: crm.url, token: 'full', retries: 0 }),
  entities: [company],
  validationField: 'numberofemployees',
  errors: {
    auth_failed: (ctx) => ctx.build({ token: 'not-a-token' }).listChanges!({ entity: 'company', since: null }),
    permission_denied: (ctx) =>
      ctx.build({ token: 'readOnly' }).upsertBatch!('company', [{ key: 'k', fields: { name: 'Denied' } }]),
    validation_failed: (ctx) =>
      ctx.methods.upsertBatch!('company', [{ key: 'k', fields: { name: 'Bad', numberofemployees: 'many' } }]),
    not_found: (ctx) => ctx.methods.upsertBatch!('company', [{ key: 'k', id: '987654321', fields: { city: 'X' } }]),
    async rate_limited(ctx) {
      crm.faults.set({ errorRates: { '429': 1 } });
      try {
        return await ctx.methods.listChanges!({ entity: 'company', since: null });
      } finally {
        crm.faults.reset();
      }
    },
    transport: async (ctx) =>
      ctx.build({ baseUrl: await closedPortUrl() }).listChanges!({ entity: 'company', since: null }),
  },
});
