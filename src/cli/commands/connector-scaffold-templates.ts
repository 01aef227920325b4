/** Names derived from a connector id, used by every template. */
export interface ScaffoldNames {
  /** Kebab-case id, e.g. `acme-erp`. */
  id: string;
  /** `AcmeErp` */
  pascal: string;
  /** `acmeErp` */
  camel: string;
  /** Entity name, e.g. `customer`. */
  entity: string;
  /** `Customer` */
  entityPascal: string;
  /** Import path from `connectors/<id>/` to the repository's `src/` (no trailing slash). */
  src: string;
  /** The same from a subfolder (`client/`, `fixtures/`). */
  deepSrc: string;
}

/**
 * The files of a new connector, relative to its folder. The client starts as an in-memory
 * stand-in over the fixtures so the acceptance suite passes from the first minute; the
 * author replaces its internals with calls to the real system and keeps the suite green.
 *
 * @example
 * const files = connectorScaffoldFiles({ id: 'acme-erp', pascal: 'AcmeErp', camel: 'acmeErp', entity: 'customer', entityPascal: 'Customer', src: '../../src', deepSrc: '../../../src' });
 */
export function connectorScaffoldFiles(n: ScaffoldNames): Record<string, string> {
  return {
    'index.ts': `import { defineConnector } from '${n.src}/connectors';
import { create${n.pascal}Client } from './client/create-${n.id}-client';
import { ${n.pascal}Config } from './client/${n.id}-config';
import { ${n.entityPascal} } from './client/${n.id}-entities';

/**
 * The ${n.id} connector. See connectors/README.md for the contract and the acceptance suite.
 *
 * @example
 * registry.register(${n.camel}Connector);
 */
export const ${n.camel}Connector = defineConnector({
  id: '${n.id}',
  version: '0.1.0',
  entities: {
    ${n.entity}: { label: '${n.entityPascal}', schema: ${n.entityPascal}, searchKeys: ['email'] },
  },
  capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys'],
  configSchema: ${n.pascal}Config,
  methods: (config) => create${n.pascal}Client(config),
});
`,
    [`client/${n.id}-config.ts`]: `import { z } from 'zod';

/** Configuration of one ${n.id} connection. */
export const ${n.pascal}Config = z.object({
  /** Base URL of the system's API. */
  baseUrl: z.url().default('http://127.0.0.1:0'),
  /** API token; never logged or put in errors. */
  token: z.string().min(1).default('dev-token'),
  /** Records per page. */
  pageSize: z.number().int().min(1).max(1000).default(100),
});
/** Validated configuration. */
export type ${n.pascal}Config = z.infer<typeof ${n.pascal}Config>;
`,
    [`client/${n.id}-entities.ts`]: `import { z } from 'zod';

/** A ${n.entity} as the connector returns it in \`ConnectorRecord.fields\`: raw, uncleaned values. */
export const ${n.entityPascal} = z.object({
  name: z.string(),
  email: z.string(),
});
export type ${n.entityPascal} = z.infer<typeof ${n.entityPascal}>;
`,
    [`client/create-${n.id}-client.ts`]: `import type { ConnectorMethods, ConnectorRecord, UpsertResult } from '${n.deepSrc}/connectors';
import { IntegrationError, ValidationError } from '${n.deepSrc}/errors';
import fixtures from '../fixtures/${n.entity}-records.json';
import type { ${n.pascal}Config } from './${n.id}-config';

/**
 * The ${n.id} connector's methods. This starting point keeps records in memory, seeded from
 * the fixtures, so the acceptance suite passes before any real call exists. Replace each
 * method's body with calls to the system; map its errors with \`errorFromHttpFailure\`.
 *
 * @example
 * const client = create${n.pascal}Client({ baseUrl: 'http://127.0.0.1:0', token: 't', pageSize: 100 });
 */
export function create${n.pascal}Client(
  config: ${n.pascal}Config,
): Required<Pick<ConnectorMethods, 'listChanges' | 'readByIds' | 'upsertBatch' | 'searchByKeys' | 'health' | 'close'>> {
  const records = new Map<string, ConnectorRecord>();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let nextId = 1;
  const write = (id: string, fields: Record<string, unknown>) => {
    // Strictly increasing timestamps stand in for the system's last-modified column.
    clock += 1;
    const record = { id, updatedAt: new Date(clock).toISOString(), fields: { ...records.get(id)?.fields, ...fields } };
    records.set(id, record);
    return record;
  };
  for (const fields of fixtures) write(String(nextId++), fields);
  const ordered = () =>
    [...records.values()].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || Number(a.id) - Number(b.id));

  return {
    async listChanges({ since, pageToken, limit }) {
      const size = Math.min(limit ?? config.pageSize, config.pageSize);
      // Keyset paging on (updatedAt, id): an edit while paging never shifts an unread record.
      const after = pageToken ? (JSON.parse(pageToken) as [string, string]) : undefined;
      const matching = ordered().filter(
        (r) =>
          (since === null || r.updatedAt >= since) &&
          (!after || r.updatedAt > after[0] || (r.updatedAt === after[0] && Number(r.id) > Number(after[1]))),
      );
      const page = matching.slice(0, size);
      const last = page.at(-1);
      const more = matching.length > size && last;
      return { records: structuredClone(page), ...(more ? { nextPageToken: JSON.stringify([last.updatedAt, last.id]) } : {}) };
    },
    async readByIds(_entity, ids) {
      return ids.flatMap((id) => (records.has(id) ? [structuredClone(records.get(id)!)] : []));
    },
    async upsertBatch(_entity, items) {
      return items.map((item): UpsertResult => {
        if (item.id !== undefined && !records.has(item.id)) {
          return { key: item.key, ok: false, error: new IntegrationError('not_found', \`${n.entity} \${item.id} does not exist\`) };
        }
        if (item.fields.email !== undefined && !/^[^@\\s]+@[^@\\s]+$/.test(String(item.fields.email))) {
          const error = new ValidationError('email is not an email address', [{ field: 'email', message: 'not an email' }]);
          return { key: item.key, ok: false, error };
        }
        const record = write(item.id ?? String(nextId++), item.fields);
        return { key: item.key, ok: true, action: item.id === undefined ? 'created' : 'updated', record };
      });
    },
    async searchByKeys(_entity, keys) {
      return ordered().filter((r) => Object.entries(keys).some(([field, value]) => r.fields[field] === value));
    },
    async health() {
      return { ok: true };
    },
    async close() {},
  };
}
`,
    [`fixtures/${n.entity}-records.json`]: `${JSON.stringify(
      [
        { name: 'Adatum Corporation', email: 'ap@adatum.example' },
        { name: 'Contoso Traders', email: 'billing@contoso.example' },
      ],
      null,
      2,
    )}\n`,
    [`fixtures/${n.id}-acceptance.ts`]: `import type { ConnectorAcceptanceOptions, EntityUnderTest } from '${n.deepSrc}/connectors/testkit';
import { ${n.camel}Connector } from '../index';

let counter = 0;

/** How the acceptance suite exercises ${n.entity}: seed, edit, new records, search key. */
export const ${n.entity}UnderTest: EntityUnderTest = {
  entity: '${n.entity}',
  async seed(ctx, n) {
    const items = Array.from({ length: n }, () => ({ key: \`seed-\${counter}\`, fields: ${n.entity}UnderTest.newFields(counter++) }));
    const results = await ctx.methods.upsertBatch!('${n.entity}', items);
    return results.map((r) => {
      if (!r.ok) throw r.error;
      return r.record.id;
    });
  },
  async edit(ctx, id) {
    const [result] = await ctx.methods.upsertBatch!('${n.entity}', [{ key: id, id, fields: { name: \`Edited \${counter++}\` } }]);
    if (!result?.ok) throw result?.error ?? new Error('no result');
  },
  newFields: (i) => ({ name: \`Acceptance ${n.entityPascal} \${i}\`, email: \`acceptance\${i}@example.com\` }),
  searchKey: { field: 'email', valueOf: (record) => record.fields.email as string },
  missingId: '999999999',
  pageSize: 3,
};

/**
 * The suite's options. Point \`config\` at a real system (started in \`setup\`) and add an
 * error probe for every kind the system can produce: auth_failed, permission_denied,
 * rate_limited and transport need a real server (see connectors/tryton for an example).
 */
export const ${n.camel}Acceptance: ConnectorAcceptanceOptions = {
  name: '${n.id}',
  connector: ${n.camel}Connector,
  config: () => ({}),
  entities: [${n.entity}UnderTest],
  validationField: 'email',
  errors: {
    validation_failed: (ctx) => ctx.methods.upsertBatch!('${n.entity}', [{ key: 'k', fields: { email: 'not an email' } }]),
    not_found: (ctx) => ctx.methods.upsertBatch!('${n.entity}', [{ key: 'k', id: '999999999', fields: { name: 'x' } }]),
  },
};
`,
    [`${n.id}.acceptance.test.ts`]: `import { describeConnectorAcceptance } from '${n.src}/connectors/testkit';
import { ${n.camel}Acceptance } from './fixtures/${n.id}-acceptance';

describeConnectorAcceptance(${n.camel}Acceptance);
`,
  };
}
