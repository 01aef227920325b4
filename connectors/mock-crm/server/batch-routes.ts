import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { applyBatchWrite, type BatchWrite, type BatchWriteOutcome } from './apply-batch-write';
import { objectScope } from './bearer-auth';
import type { CrmEnv } from './crm-env';
import type { CrmStore } from './crm-store';
import { HubSpotHttpError } from './hubspot-http-error';
import { BatchReadBody, batchOf, CreateInput, readBody, UpdateInput, UpsertInput } from './request-schemas';
import { propertyList, toApiObject } from './to-api-object';

const BASE = '/crm/v3/objects/:objectType/batch';

/**
 * Registers the v3 batch routes (read, create, update, upsert, archive). Writes answer 200/201 when every input succeeded, 207
 * with `results` and per-input `errors` (each naming `context.inputIndex`) when some failed,
 * and 400 with the same `errors` when all failed.
 *
 * @example
 * registerBatchRoutes(app, store);
 */
export function registerBatchRoutes(app: Hono<CrmEnv>, store: CrmStore): void {
  app.post(`${BASE}/read`, objectScope('read'), async (c) => {
    const schema = c.get('schema');
    const body = await readBody(c, BatchReadBody);
    if (body.idProperty && !schema.properties[body.idProperty]?.unique) {
      throw HubSpotHttpError.badRequest(`${body.idProperty} is not a unique property`);
    }
    const properties = propertyList(schema, body.properties);
    const results = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const { id } of body.inputs) {
      const object = body.idProperty ? store.getByUnique(schema.name, body.idProperty, id) : store.get(schema.name, id);
      if (!object || object.archived !== (body.archived ?? false)) missing.push(id);
      else if (!seen.has(object.id)) {
        seen.add(object.id);
        results.push(toApiObject(object, properties, { schema }));
      }
    }
    const times = timing();
    if (missing.length === 0) return c.json({ status: 'COMPLETE', results, ...times });
    const error = {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: `Could not get some ${schema.name} objects, they may be deleted or not exist.`,
      context: { ids: missing },
    };
    return c.json({ status: 'COMPLETE', results, numErrors: 1, errors: [error], ...times }, 207);
  });

  const write = (kind: BatchWrite['kind']) => async (c: Context<CrmEnv>) => {
    const schema = c.get('schema');
    const inputs =
      kind === 'create'
        ? (await readBody(c, batchOf(CreateInput))).inputs
        : kind === 'update'
          ? (await readBody(c, batchOf(UpdateInput))).inputs
          : (await readBody(c, batchOf(UpsertInput))).inputs;
    const outcome = applyBatchWrite(store, schema, { kind, inputs } as BatchWrite);
    return respond(c, outcome, kind);
  };
  app.post(`${BASE}/create`, objectScope('write'), write('create'));
  app.post(`${BASE}/update`, objectScope('write'), write('update'));
  app.post(`${BASE}/upsert`, objectScope('write'), write('upsert'));

  app.post(`${BASE}/archive`, objectScope('write'), async (c) => {
    const schema = c.get('schema');
    const body = await readBody(
      c,
      batchOf(z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) })),
    );
    // HubSpot answers 204 whatever the ids: unknown and already archived ones are no-ops.
    store.writeBatch(() => {
      for (const { id } of body.inputs) store.archive(schema.name, id);
    });
    return c.body(null, 204);
  });
}

function respond(c: Context<CrmEnv>, outcome: BatchWriteOutcome, kind: BatchWrite['kind']): Response {
  const schema = c.get('schema');
  const properties = propertyList(schema, undefined);
  const results = outcome.results.map((result) => ({
    ...toApiObject(result.object, properties, { schema }),
    ...(kind === 'upsert' ? { new: result.isNew } : {}),
    ...(result.objectWriteTraceId ? { objectWriteTraceId: result.objectWriteTraceId } : {}),
  }));
  const times = timing();
  if (outcome.errors.length === 0)
    return c.json({ status: 'COMPLETE', results, ...times }, kind === 'create' ? 201 : 200);
  if (results.length > 0) {
    return c.json(
      { status: 'COMPLETE', results, numErrors: outcome.errors.length, errors: outcome.errors, ...times },
      207,
    );
  }
  const first = outcome.errors[0]!;
  throw HubSpotHttpError.badRequest(
    outcome.errors.length === 1 ? first.message : `${outcome.errors.length} inputs failed; first: ${first.message}`,
    { errors: outcome.errors },
  );
}

function timing(): { startedAt: string; completedAt: string } {
  const now = new Date().toISOString();
  return { startedAt: now, completedAt: now };
}
