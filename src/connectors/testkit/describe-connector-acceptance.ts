import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { ConnectorMethods } from '../connector-types';
import type { AcceptanceContext, AcceptanceErrorKind, ConnectorAcceptanceOptions } from './acceptance-types';
import { checkErrorMapping } from './error-checks';
import { checkCompletePaging, checkCursorMonotonic } from './paging-checks';
import {
  checkIdempotentUpsert,
  checkReadByIdsWithMissing,
  checkSchemaMatches,
  checkSearchByKeys,
} from './record-checks';

const ERROR_KINDS: AcceptanceErrorKind[] = [
  'auth_failed',
  'permission_denied',
  'validation_failed',
  'not_found',
  'rate_limited',
  'transport',
];

/**
 * Builds the context the checks run against; also what tests of the kit itself use to call
 * the checks directly on a test double.
 *
 * @example
 * const ctx = createAcceptanceContext(mockCrmConnector, { baseUrl, token: 'dev-crm-token' });
 */
export function createAcceptanceContext(
  definition: ConnectorAcceptanceOptions['connector'],
  config: Record<string, unknown>,
): AcceptanceContext & { closeAll(): Promise<void> } {
  const built: ConnectorMethods[] = [];
  const build = (overrides: Record<string, unknown>) => {
    const methods = definition.methods(definition.configSchema.parse({ ...config, ...overrides }), { log: () => {} });
    built.push(methods);
    return methods;
  };
  const methods = build({});
  return {
    definition,
    methods,
    config,
    build,
    async closeAll() {
      await Promise.all(built.map((m) => m.close?.()));
    },
  };
}

/**
 * Declares the connector acceptance suite as vitest tests: complete paging (initial and
 * incremental, with edits while paging), cursor monotonicity, idempotent upsert, readByIds
 * with missing ids, searchByKeys, the manifest's schemas against real records, and the
 * mapping of each error kind a probe is given for. Checks a connector cannot run (no probe,
 * no capability, no search key) are declared with `it.skip` and a reason in the title, so
 * the report shows what was not proven.
 *
 * @example
 * describeConnectorAcceptance({
 *   name: 'mock-crm',
 *   connector: mockCrmConnector,
 *   setup: async () => { crm = await startCrmServer({ seed: 1 }); },
 *   teardown: () => crm.close(),
 *   config: () => ({ baseUrl: crm.url, token: 'dev-crm-token' }),
 *   entities: [companyUnderTest],
 *   errors: { auth_failed: (ctx) => ctx.build({ token: 'wrong' }).listChanges!({ entity: 'company', since: null }) },
 * });
 */
export function describeConnectorAcceptance(options: ConnectorAcceptanceOptions): void {
  describe(`connector acceptance: ${options.name}`, () => {
    let ctx: (AcceptanceContext & { closeAll(): Promise<void> }) | undefined;
    const context = (): AcceptanceContext => {
      if (!ctx) throw new Error('the acceptance context was not built: did setup fail?');
      return ctx;
    };
    const capabilities = new Set(options.connector.capabilities);

    beforeAll(async () => {
      await options.setup?.();
      ctx = createAcceptanceContext(options.connector, options.config());
    }, options.setupTimeoutMs);
    afterAll(async () => {
      await ctx?.closeAll();
      await options.teardown?.();
    });
    if (options.reset) beforeEach(options.reset);

    for (const entity of options.entities) {
      describe(`entity ${entity.entity}`, () => {
        const needs = (...caps: string[]) => caps.every((c) => capabilities.has(c as never));
        const test = (title: string, ok: boolean, why: string, run: () => Promise<void>) =>
          ok ? it(title, run, options.testTimeoutMs) : it.skip(`${title} (skipped: ${why})`, run);
        const paging = needs('listChanges', 'readByIds');
        test('pages completely from the start, edits while paging included', paging, 'no listChanges/readByIds', () =>
          checkCompletePaging(context(), entity, { incremental: false }),
        );
        test('pages completely from a cursor, edits while paging included', paging, 'no listChanges/readByIds', () =>
          checkCompletePaging(context(), entity, { incremental: true }),
        );
        test(
          'listChanges cursor: inclusive bound, oldest first within a page, later edits seen',
          paging,
          'no listChanges/readByIds',
          () => checkCursorMonotonic(context(), entity),
        );
        test(
          'upsertBatch is idempotent: the second write updates the same record',
          needs('upsertBatch'),
          'no upsertBatch',
          () => checkIdempotentUpsert(context(), entity),
        );
        test('readByIds leaves missing ids out', needs('readByIds'), 'no readByIds', () =>
          checkReadByIdsWithMissing(context(), entity),
        );
        test(
          `searchByKeys finds by ${entity.searchKey?.field ?? 'key'}`,
          needs('searchByKeys', 'readByIds') && entity.searchKey !== undefined,
          'no searchByKeys or no searchKey given',
          () => checkSearchByKeys(context(), entity),
        );
        test('the manifest schema matches real records', needs('listChanges'), 'no listChanges', () =>
          checkSchemaMatches(context(), entity),
        );
      });
    }

    describe('error mapping', () => {
      for (const kind of ERROR_KINDS) {
        const probe = options.errors?.[kind];
        if (probe) {
          it(
            `maps ${kind}`,
            () =>
              checkErrorMapping(context(), kind, probe, {
                ...(options.validationField ? { field: options.validationField } : {}),
              }),
            options.testTimeoutMs,
          );
        } else {
          const why = options.skipReasons?.[kind] ?? 'the system cannot produce it, no probe given';
          it.skip(`maps ${kind} (skipped: ${why})`, () => {});
        }
      }
    });
  });
}
