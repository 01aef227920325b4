import { describe, expect, it } from 'vitest';
import { IntegrationError, PermissionDeniedError } from '../../errors';
import type { EntityUnderTest } from './acceptance-types';
import { createAcceptanceContext } from './describe-connector-acceptance';
import { checkErrorMapping } from './error-checks';
import { type MemoryConnectorFaults, memoryConnectorDouble } from './memory-connector-double';
import { checkCompletePaging, checkCursorMonotonic } from './paging-checks';
import {
  checkIdempotentUpsert,
  checkReadByIdsWithMissing,
  checkSchemaMatches,
  checkSearchByKeys,
} from './record-checks';

let counter = 0;
const thing: EntityUnderTest = {
  entity: 'thing',
  async seed(ctx, n) {
    const results = await ctx.methods.upsertBatch!(
      'thing',
      Array.from({ length: n }, () => ({ key: 'k', fields: thing.newFields(counter++) })),
    );
    return results.map((r) => (r.ok ? r.record.id : ''));
  },
  async edit(ctx, id) {
    await ctx.methods.upsertBatch!('thing', [{ key: id, id, fields: { name: `edited ${counter++}` } }]);
  },
  newFields: (i) => ({ name: `thing ${i}` }),
  searchKey: { field: 'name', valueOf: (r) => r.fields.name as string },
  missingId: '424242',
  pageSize: 3,
};

const contextFor = (faults: MemoryConnectorFaults = {}) => createAcceptanceContext(memoryConnectorDouble(faults), {});

describe('acceptance checks on a correct in-memory connector', () => {
  it('pass', async () => {
    const ctx = contextFor();
    await checkCompletePaging(ctx, thing, { incremental: false });
    await checkCompletePaging(ctx, thing, { incremental: true });
    await checkCursorMonotonic(ctx, thing);
    await checkIdempotentUpsert(ctx, thing);
    await checkReadByIdsWithMissing(ctx, thing);
    await checkSearchByKeys(ctx, thing);
    await checkSchemaMatches(ctx, thing);
    await checkErrorMapping(ctx, 'permission_denied', async () => {
      throw new PermissionDeniedError('HTTP 403: missing scope');
    });
  });
});

describe('acceptance checks on deliberately broken connectors', () => {
  it('report a record repeated across pages, naming it', async () => {
    const failure = checkCompletePaging(contextFor({ repeatAcrossPages: true }), thing, { incremental: false });
    await expect(failure).rejects.toThrow(/^\[paging \(initial\)\] record\(s\) repeated across pages: .*\d+ x2/);
  });

  it('report a record lost when another is edited during offset paging', async () => {
    const failure = checkCompletePaging(contextFor({ offsetPaging: true }), thing, { incremental: true });
    await expect(failure).rejects.toThrow(
      /\[paging \(incremental\)\] 1 seeded record\(s\) never appeared across pages: \d+/,
    );
  });

  it('report an exclusive since bound', async () => {
    const failure = checkCursorMonotonic(contextFor({ exclusiveSince: true }), thing);
    await expect(failure).rejects.toThrow(/whose updatedAt equals the bound: "since" must be inclusive/);
  });

  it('report a 403 mapped to a generic error, with the code it got', async () => {
    const failure = checkErrorMapping(contextFor(), 'permission_denied', async () => {
      throw new IntegrationError('internal', 'HTTP 403 Forbidden');
    });
    await expect(failure).rejects.toThrow(
      '[error permission_denied] expected code permission_denied, got internal (HTTP 403 Forbidden)',
    );
  });

  it('report a validation error that does not name the field, and a probe that does not fail', async () => {
    const unnamed = checkErrorMapping(
      contextFor(),
      'validation_failed',
      async () => {
        throw new IntegrationError('validation_failed', 'bad request');
      },
      { field: 'email' },
    );
    await expect(unnamed).rejects.toThrow(/must name field "email"; it names \[\]/);
    const silent = checkErrorMapping(contextFor(), 'not_found', async () => [{ key: 'k', ok: true }]);
    await expect(silent).rejects.toThrow(/the probe succeeded .*the failure was not reported/);
  });
});
