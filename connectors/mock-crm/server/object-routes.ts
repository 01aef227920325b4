import type { Context, Hono } from 'hono';
import { applyBatchWrite, type BatchWriteOutcome } from './apply-batch-write';
import { objectScope } from './bearer-auth';
import type { CrmEnv } from './crm-env';
import type { CrmStore } from './crm-store';
import { HubSpotHttpError } from './hubspot-http-error';
import { CreateInput, readBody, SearchBody } from './request-schemas';
import { searchObjects } from './search-objects';
import { propertyList, toApiObject } from './to-api-object';

const BASE = '/crm/v3/objects/:objectType';
const MAX_LIST_LIMIT = 100;

/**
 * Registers the v3 object routes: list with `after` paging, read one, search, and the
 * single-object create/update/archive.
 *
 * @example
 * registerObjectRoutes(app, store);
 */
export function registerObjectRoutes(app: Hono<CrmEnv>, store: CrmStore): void {
  app.get(BASE, objectScope('read'), (c) => {
    const schema = c.get('schema');
    const limit = intParam(c.req.query('limit'), 10, 'limit');
    if (limit > MAX_LIST_LIMIT) throw HubSpotHttpError.badRequest(`limit must be at most ${MAX_LIST_LIMIT}`);
    const after = c.req.query('after');
    if (after !== undefined && !/^\d+$/.test(after))
      throw HubSpotHttpError.badRequest(`Invalid "after" value: ${after}`);
    const page = store.listPage(schema.name, {
      limit,
      after: after === undefined ? undefined : Number(after),
      archived: c.req.query('archived') === 'true',
    });
    const properties = propertyList(schema, listParam(c, 'properties'));
    const projection = { schema, store, associations: listParam(c, 'associations') };
    const body: Record<string, unknown> = {
      results: page.objects.map((object) => toApiObject(object, properties, projection)),
    };
    if (page.nextAfter) {
      const link = new URL(c.req.url);
      link.searchParams.set('after', page.nextAfter);
      body.paging = { next: { after: page.nextAfter, link: link.toString() } };
    }
    return c.json(body);
  });

  app.post(`${BASE}/search`, objectScope('read'), async (c) => {
    const schema = c.get('schema');
    const body = await readBody(c, SearchBody);
    const page = searchObjects(store, schema, body);
    const properties = propertyList(schema, body.properties);
    return c.json({
      total: page.total,
      results: page.results.map((object) => toApiObject(object, properties, { schema })),
      ...(page.nextAfter ? { paging: { next: { after: page.nextAfter } } } : {}),
    });
  });

  app.get(`${BASE}/:objectId`, objectScope('read'), (c) => {
    const schema = c.get('schema');
    const id = c.req.param('objectId');
    const idProperty = c.req.query('idProperty');
    if (idProperty && !schema.properties[idProperty]?.unique) {
      throw HubSpotHttpError.badRequest(`${idProperty} is not a unique property`);
    }
    const object = idProperty ? store.getByUnique(schema.name, idProperty, id) : store.get(schema.name, id);
    const wantArchived = c.req.query('archived') === 'true';
    if (!object || object.archived !== wantArchived) throw HubSpotHttpError.notFound(id);
    const projection = { schema, store, associations: listParam(c, 'associations') };
    return c.json(toApiObject(object, propertyList(schema, listParam(c, 'properties')), projection));
  });

  app.post(BASE, objectScope('write'), async (c) => {
    const schema = c.get('schema');
    const input = await readBody(c, CreateInput);
    const outcome = applyBatchWrite(store, schema, { kind: 'create', inputs: [input] });
    return single(c, outcome, 201);
  });

  app.patch(`${BASE}/:objectId`, objectScope('write'), async (c) => {
    const schema = c.get('schema');
    const body = await readBody(c, CreateInput.pick({ properties: true }));
    const id = c.req.param('objectId');
    const idProperty = c.req.query('idProperty');
    const outcome = applyBatchWrite(store, schema, {
      kind: 'update',
      inputs: [{ id, properties: body.properties, ...(idProperty ? { idProperty } : {}) }],
    });
    return single(c, outcome, 200);
  });

  app.delete(`${BASE}/:objectId`, objectScope('write'), (c) => {
    const schema = c.get('schema');
    const id = c.req.param('objectId');
    // HubSpot answers 204 even for an id that does not exist.
    store.archive(schema.name, id);
    return c.body(null, 204);
  });
}

/** Answers a one-input write with the object, or with HubSpot's single-object error shape. */
function single(c: Context<CrmEnv>, outcome: BatchWriteOutcome, status: 200 | 201): Response {
  const schema = c.get('schema');
  const result = outcome.results[0];
  if (result) return c.json(toApiObject(result.object, propertyList(schema, undefined), { schema }), status);
  const error = outcome.errors[0]!;
  const { inputIndex: _index, ...context } = error.context;
  if (error.category === 'OBJECT_NOT_FOUND') throw HubSpotHttpError.notFound(context.ids?.[0] ?? '');
  const httpStatus = error.category === 'CONFLICT' ? 409 : 400;
  throw new HubSpotHttpError(httpStatus, error.category, error.message, {
    context,
    ...(error.errors ? { errors: error.errors } : {}),
  });
}

/**
 * Reads `name=a,b` and `name=a&name=b` alike; undefined when absent.
 *
 * @example
 * listParam(c, 'properties') // ['name', 'domain'] for ?properties=name,domain
 */
export function listParam(c: Context<CrmEnv>, name: string): string[] | undefined {
  const values = c.req.queries(name);
  if (!values) return undefined;
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

function intParam(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw HubSpotHttpError.badRequest(`${name} must be a positive integer`);
  return value;
}
