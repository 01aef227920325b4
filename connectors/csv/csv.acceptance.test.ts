import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConnectorAcceptance, type EntityUnderTest } from '../../src/connectors/testkit';
import { csvConnector } from './index';

let dir: string;
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
  newFields: (i) => ({ name: `Acceptance Company ${i}`, domain: `company${i}.acceptance.example`, city: 'Leeds' }),
  searchKey: { field: 'domain', valueOf: (record) => (record.fields.domain as string) || undefined },
  missingId: '999999999',
  pageSize: 5,
};

describeConnectorAcceptance({
  name: 'csv',
  connector: csvConnector,
  async setup() {
    dir = await mkdtemp(join(tmpdir(), 'csv-acceptance-'));
    // An export with a column the bridge does not know: writes must keep it.
    await writeFile(join(dir, 'companies.csv'), 'id,name,domain,city,updated_at,owner_note\n');
  },
  teardown: () => rm(dir, { recursive: true, force: true }),
  config: () => ({
    dir,
    entities: { company: { file: 'companies.csv', idColumn: 'id', updatedAtColumn: 'updated_at' } },
  }),
  entities: [company],
  validationField: 'numberofemployees',
  errors: {
    validation_failed: (ctx) =>
      ctx.methods.upsertBatch!('company', [{ key: 'k', fields: { name: 'Bad', numberofemployees: 'many' } }]),
    not_found: (ctx) => ctx.methods.upsertBatch!('company', [{ key: 'k', id: '999999998', fields: { city: 'X' } }]),
  },
  skipReasons: {
    auth_failed: 'a local file has no credentials',
    permission_denied: 'EACCES maps to permission_denied, but tests run as root, whom file modes do not stop',
    rate_limited: 'a local file has no rate limit',
    transport: 'there is no network; other I/O errors map to transport but cannot be provoked portably',
  },
});
