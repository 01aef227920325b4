import type { ConnectorRecord, UpsertResult } from '../connector-types';
import { type AcceptanceContext, AcceptanceFailure, type EntityUnderTest } from './acceptance-types';
import { drainChanges } from './paging-checks';

/**
 * Idempotent upsert: writing the same two records twice (the second time with the ids the
 * first write returned, as the engine does through the cross-reference store) creates them
 * once and updates them the second time; the ids stay the same and a search by key finds one.
 *
 * @example
 * await checkIdempotentUpsert(ctx, companies);
 */
export async function checkIdempotentUpsert(ctx: AcceptanceContext, entity: EntityUnderTest): Promise<void> {
  const check = 'upsert';
  const upsert = ctx.methods.upsertBatch;
  if (!upsert) throw new AcceptanceFailure(check, 'the connector does not implement upsertBatch');
  const stamp = Date.now() % 1_000_000_000;
  const inputs = [0, 1].map((i) => ({ key: `acceptance-${i}`, fields: entity.newFields(stamp + i) }));
  const first = await upsert.call(ctx.methods, entity.entity, inputs);
  const created = expectAll(check, first, inputs.length, 'created', 'first write');
  const second = await upsert.call(
    ctx.methods,
    entity.entity,
    inputs.map((item, i) => ({ ...item, id: created[i]!.id })),
  );
  const updated = expectAll(check, second, inputs.length, 'updated', 'second write of the same input');
  updated.forEach((record, i) => {
    if (record.id !== created[i]!.id) {
      throw new AcceptanceFailure(
        check,
        `the second write of ${inputs[i]!.key} returned id ${record.id}, not ${created[i]!.id}`,
      );
    }
  });
  if (ctx.methods.readByIds) {
    const read = await ctx.methods.readByIds(
      entity.entity,
      created.map((r) => r.id),
    );
    if (read.length !== created.length) {
      throw new AcceptanceFailure(check, `readByIds found ${read.length} of the ${created.length} upserted records`);
    }
  }
  if (entity.searchKey && ctx.methods.searchByKeys) {
    const value = entity.searchKey.valueOf(created[0]!);
    if (value) {
      const found = await ctx.methods.searchByKeys(entity.entity, { [entity.searchKey.field]: value });
      const same = found.filter((r) => entity.searchKey?.valueOf(r) === value);
      if (same.length !== 1) {
        throw new AcceptanceFailure(
          check,
          `after two writes of one input, ${same.length} records have ${entity.searchKey.field}=${value}: ${same.map((r) => r.id).join(', ')}`,
        );
      }
    }
  }
}

function expectAll(
  check: string,
  results: UpsertResult[],
  expected: number,
  action: 'created' | 'updated',
  what: string,
): ConnectorRecord[] {
  if (results.length !== expected) {
    throw new AcceptanceFailure(check, `${what}: expected ${expected} results (one per item), got ${results.length}`);
  }
  return results.map((result) => {
    if (!result.ok) {
      throw new AcceptanceFailure(
        check,
        `${what}: item ${result.key} failed: ${result.error.code}: ${result.error.message}`,
      );
    }
    if (result.action !== action) {
      throw new AcceptanceFailure(check, `${what}: item ${result.key} was ${result.action}, expected ${action}`);
    }
    return result.record;
  });
}

/**
 * `readByIds` with missing ids: existing records come back, the missing id is left out, and
 * nothing throws.
 *
 * @example
 * await checkReadByIdsWithMissing(ctx, companies);
 */
export async function checkReadByIdsWithMissing(ctx: AcceptanceContext, entity: EntityUnderTest): Promise<void> {
  const check = 'readByIds';
  if (!ctx.methods.readByIds) throw new AcceptanceFailure(check, 'the connector does not implement readByIds');
  const ids = await entity.seed(ctx, 2);
  let read: ConnectorRecord[];
  try {
    read = await ctx.methods.readByIds(entity.entity, [ids[0]!, entity.missingId, ids[1]!]);
  } catch (error) {
    throw new AcceptanceFailure(
      check,
      `threw for a missing id (${entity.missingId}) instead of leaving it out: ${String(error)}`,
    );
  }
  const got = read.map((r) => r.id).sort();
  const want = [...ids].sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new AcceptanceFailure(
      check,
      `asked for ${ids.join(', ')} and missing ${entity.missingId}; got [${got.join(', ')}]`,
    );
  }
}

/**
 * `searchByKeys`: a record is found by its key value, and an unknown value finds nothing.
 *
 * @example
 * await checkSearchByKeys(ctx, companies);
 */
export async function checkSearchByKeys(ctx: AcceptanceContext, entity: EntityUnderTest): Promise<void> {
  const check = 'searchByKeys';
  const search = ctx.methods.searchByKeys;
  if (!search || !entity.searchKey || !ctx.methods.readByIds) {
    throw new AcceptanceFailure(check, 'needs searchByKeys, readByIds and a searchKey');
  }
  const [id] = await entity.seed(ctx, 1);
  const [record] = await ctx.methods.readByIds(entity.entity, [id!]);
  const value = record ? entity.searchKey.valueOf(record) : undefined;
  if (!record || !value) throw new AcceptanceFailure(check, `seeded record ${id} has no ${entity.searchKey.field}`);
  const found = await search.call(ctx.methods, entity.entity, { [entity.searchKey.field]: value });
  if (!found.some((r) => r.id === id)) {
    throw new AcceptanceFailure(
      check,
      `searching ${entity.searchKey.field}=${JSON.stringify(value)} did not find record ${id} (got ${found.map((r) => r.id).join(', ') || 'nothing'})`,
    );
  }
  const none = await search.call(ctx.methods, entity.entity, {
    [entity.searchKey.field]: `no-such-value-${Date.now()}`,
  });
  if (none.length > 0) {
    throw new AcceptanceFailure(
      check,
      `an unknown ${entity.searchKey.field} matched ${none.map((r) => r.id).join(', ')}`,
    );
  }
}

/**
 * The manifest's zod schema matches real records: every record of the first pages parses,
 * has a non-empty string id and a parseable `updatedAt`.
 *
 * @example
 * await checkSchemaMatches(ctx, companies);
 */
export async function checkSchemaMatches(ctx: AcceptanceContext, entity: EntityUnderTest): Promise<void> {
  const check = 'schema';
  const definition = ctx.definition.entities[entity.entity];
  if (!definition) throw new AcceptanceFailure(check, `the manifest declares no entity "${entity.entity}"`);
  await entity.seed(ctx, 2);
  const records = await drainChanges(ctx, { entity: entity.entity, since: null, limit: 50 });
  if (records.length === 0) throw new AcceptanceFailure(check, 'listChanges returned no records to check');
  for (const record of records.slice(0, 200)) {
    if (typeof record.id !== 'string' || record.id === '') {
      throw new AcceptanceFailure(check, `a record has no string id: ${JSON.stringify(record).slice(0, 200)}`);
    }
    if (Number.isNaN(Date.parse(record.updatedAt))) {
      throw new AcceptanceFailure(check, `record ${record.id}: updatedAt "${record.updatedAt}" is not a date`);
    }
    const parsed = definition.schema.safeParse(record.fields);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new AcceptanceFailure(check, `record ${record.id} does not match the ${entity.entity} schema: ${issues}`);
    }
  }
}
