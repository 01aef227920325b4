import type { UpsertItem } from '../../src/connectors';
import {
  type AcceptanceContext,
  closedPortUrl,
  describeConnectorAcceptance,
  type EntityUnderTest,
} from '../../src/connectors/testkit';
import { mockCrmConnector } from './index';
import { type RunningCrmServer, startCrmServer } from './server/start-crm-server';

let crm: RunningCrmServer;
let counter = 0;

/**
 * One entity exercised through the connector itself: seeds with upsertBatch (creates), edits
 * one field, searches by one key. `fieldsOf(i)` must be unique per `i`.
 */
function underTest(
  entity: string,
  fieldsOf: (i: number) => Record<string, unknown>,
  edit: (i: number) => Record<string, unknown>,
  searchField: string,
): EntityUnderTest {
  const write = async (ctx: AcceptanceContext, items: UpsertItem[]) =>
    (await ctx.methods.upsertBatch!(entity, items)).map((r) => {
      if (!r.ok) throw r.error;
      return r.record.id;
    });
  return {
    entity,
    seed: (ctx, n) =>
      write(
        ctx,
        Array.from({ length: n }, () => ({ key: `seed-${counter}`, fields: fieldsOf(counter++) })),
      ),
    async edit(ctx, id) {
      await write(ctx, [{ key: id, id, fields: edit(counter++) }]);
    },
    newFields: fieldsOf,
    searchKey: { field: searchField, valueOf: (record) => (record.fields[searchField] as string | null) ?? undefined },
    missingId: '999999999',
    pageSize: 5,
  };
}

const company = underTest(
  'company',
  (i) => ({ name: `Acceptance Company ${i}`, domain: `acceptance-${i}-${process.pid}.example`, city: 'Springfield' }),
  (i) => ({ city: `Edited ${i}` }),
  'domain',
);
const deal = underTest(
  'deal',
  (i) => ({
    dealname: `Acceptance Deal ${i}-${process.pid}`,
    pipeline: 'default',
    dealstage: 'qualifiedtobuy',
    amount: '100',
  }),
  (i) => ({ amount: String(200 + i) }),
  'dealname',
);
const product = underTest(
  'product',
  (i) => ({ name: `Acceptance Product ${i}`, hs_sku: `ACC-${process.pid}-${i}`, price: '9.5' }),
  (i) => ({ price: String(10 + i) }),
  'hs_sku',
);
// Quotes go through the line-item inlining on every read path (list, search, batch read).
const quote = underTest(
  'quote',
  (i) => ({ hs_title: `Acceptance Quote ${i}-${process.pid}`, hs_status: 'DRAFT', hs_currency: 'USD' }),
  () => ({ hs_status: 'ACCEPTED' }),
  'hs_title',
);

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
  entities: [company, deal, product, quote],
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
