import type { Context, Hono } from 'hono';
import { type AssociationType, associationTypeOf } from './association-types';
import { requireScopes, scopeOf } from './bearer-auth';
import type { CrmEnv } from './crm-env';
import { resolveObjectSchema } from './crm-schemas';
import type { CrmStore } from './crm-store';
import { HubSpotHttpError } from './hubspot-http-error';
import { AssociationBatchReadBody, readBody } from './request-schemas';

const OBJECT = '/crm/v4/objects/:fromObjectType/:objectId/associations';

/**
 * Registers the v4 association routes: list one object's associations, create and remove the
 * default association, and batch-read associations of many objects.
 *
 * @example
 * registerAssociationRoutes(app, store);
 */
export function registerAssociationRoutes(app: Hono<CrmEnv>, store: CrmStore): void {
  app.get(`${OBJECT}/:toObjectType`, (c) => {
    const { from, to, type } = resolvePair(c, 'read', 'read');
    const id = c.req.param('objectId');
    if (!isLive(store, from, id)) throw HubSpotHttpError.notFound(id);
    return c.json({ results: store.associations(from, id, to).map((toId) => toV4(toId, type)) });
  });

  app.put(`${OBJECT}/default/:toObjectType/:toObjectId`, (c) => {
    const { from, to, type } = resolvePair(c, 'write', 'write');
    const id = c.req.param('objectId');
    const toId = c.req.param('toObjectId');
    if (!store.associate(from, id, to, toId)) throw HubSpotHttpError.notFound(isLive(store, from, id) ? toId : id);
    const reverse = associationTypeOf(to, from);
    const spec = (t: AssociationType | undefined) => ({
      associationCategory: 'HUBSPOT_DEFINED',
      associationTypeId: t?.typeId ?? null,
    });
    return c.json({
      status: 'COMPLETE',
      results: [
        { from: { id }, to: { id: toId }, associationSpec: spec(type) },
        { from: { id: toId }, to: { id }, associationSpec: spec(reverse) },
      ],
    });
  });

  app.delete(`${OBJECT}/:toObjectType/:toObjectId`, (c) => {
    const { from, to } = resolvePair(c, 'write', 'write');
    store.dissociate(from, c.req.param('objectId'), to, c.req.param('toObjectId'));
    return c.body(null, 204);
  });

  app.post('/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', async (c) => {
    const { from, to, type } = resolvePair(c, 'read', 'read');
    const body = await readBody(c, AssociationBatchReadBody);
    const results = [];
    const errors = [];
    for (const { id } of body.inputs) {
      const ids = isLive(store, from, id) ? store.associations(from, id, to) : [];
      if (ids.length > 0) results.push({ from: { id }, to: ids.map((toId) => toV4(toId, type)) });
      else {
        // HubSpot reports objects without associations as errors of a 207.
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${to} is associated with ${from} ${id}.`,
          context: { fromObjectId: [id] },
        });
      }
    }
    if (errors.length === 0) return c.json({ status: 'COMPLETE', results });
    return c.json({ status: 'COMPLETE', results, numErrors: errors.length, errors }, 207);
  });
}

function resolvePair(
  c: Context<CrmEnv>,
  fromAccess: 'read' | 'write',
  toAccess: 'read' | 'write',
): { from: string; to: string; type: AssociationType } {
  const names = [c.req.param('fromObjectType') ?? '', c.req.param('toObjectType') ?? ''];
  const [from, to] = names.map((segment) => {
    const schema = resolveObjectSchema(segment);
    if (!schema) throw HubSpotHttpError.badRequest(`Unable to infer object type from: ${segment}`);
    return schema.name;
  }) as [string, string];
  requireScopes(c, [scopeOf(from, fromAccess), scopeOf(to, toAccess)]);
  const type = associationTypeOf(from, to);
  if (!type) throw HubSpotHttpError.badRequest(`${from} cannot be associated with ${to}`);
  return { from, to, type };
}

function isLive(store: CrmStore, type: string, id: string): boolean {
  const object = store.get(type, id);
  return object !== undefined && !object.archived;
}

function toV4(toId: string, type: AssociationType) {
  return {
    toObjectId: Number(toId),
    associationTypes: [{ category: type.category, typeId: type.typeId, label: type.label }],
  };
}
