import { closedPortUrl, describeConnectorAcceptance, type EntityUnderTest } from '../../src/connectors/testkit';
import { mockErpConnector } from './index';
import { type ErpServer, startErpServer } from './server/start-erp-server';

let erp: ErpServer;
let counter = 0;

const customer: EntityUnderTest = {
  entity: 'customer',
  async seed(ctx, n) {
    const items = Array.from({ length: n }, () => ({ key: `seed-${counter}`, fields: customer.newFields(counter++) }));
    const results = await ctx.methods.upsertBatch!('customer', items);
    return results.map((r) => {
      if (!r.ok) throw r.error;
      return r.record.id;
    });
  },
  async edit(ctx, id) {
    const [result] = await ctx.methods.upsertBatch!('customer', [
      { key: id, id, fields: { city: `Edited ${counter++}` } },
    ]);
    if (!result?.ok) throw result?.error ?? new Error('no result');
  },
  newFields: (i) => ({ displayName: `Acceptance Customer ${i}`, email: `buyer${i}@acceptance.example`, city: 'Leeds' }),
  searchKey: { field: 'email', valueOf: (record) => (record.fields.email as string) || undefined },
  missingId: '00000000-0000-4000-8000-000000000999',
  pageSize: 5,
};

describeConnectorAcceptance({
  name: 'mock-erp',
  connector: mockErpConnector,
  async setup() {
    erp = await startErpServer({
      seed: { customers: 12 },
      tokens: { full: '*', contactsOnly: ['contacts'] },
    });
  },
  teardown: () => erp.close(),
  config: () => ({ baseUrl: erp.url, token: 'full', retries: 0 }),
  entities: [customer],
  validationField: 'email',
  errors: {
    auth_failed: (ctx) => ctx.build({ token: 'not-a-token' }).listChanges!({ entity: 'customer', since: null }),
    permission_denied: (ctx) => ctx.build({ token: 'contactsOnly' }).listChanges!({ entity: 'customer', since: null }),
    validation_failed: (ctx) =>
      ctx.methods.upsertBatch!('customer', [{ key: 'k', fields: { displayName: 'Bad', email: 'not an email' } }]),
    not_found: (ctx) =>
      ctx.methods.upsertBatch!('customer', [
        { key: 'k', id: '00000000-0000-4000-8000-000000000998', fields: { city: 'X' } },
      ]),
    async rate_limited(ctx) {
      erp.faults.configure({ errorRates: { '429': 1 } });
      try {
        return await ctx.methods.listChanges!({ entity: 'customer', since: null });
      } finally {
        erp.faults.configure({});
      }
    },
    transport: async (ctx) =>
      ctx.build({ baseUrl: await closedPortUrl() }).listChanges!({ entity: 'customer', since: null }),
  },
});
