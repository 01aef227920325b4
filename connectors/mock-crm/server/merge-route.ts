import type { Hono } from 'hono';
import { z } from 'zod';
import { objectScope } from './bearer-auth';
import type { CrmEnv } from './crm-env';
import type { CrmStore } from './crm-store';
import { HubSpotHttpError } from './hubspot-http-error';
import { mergeObjects } from './merge-objects';
import { readBody } from './request-schemas';
import { propertyList, toApiObject } from './to-api-object';

const MergeBody = z.object({
  primaryObjectId: z.union([z.string().min(1), z.number()]).transform(String),
  objectIdToMerge: z.union([z.string().min(1), z.number()]).transform(String),
});

/**
 * Registers HubSpot's `POST /crm/v3/objects/{type}/merge` `{ primaryObjectId, objectIdToMerge }`:
 * answers the survivor; 400 when both ids are the same, 404 when either is unknown or archived.
 *
 * @example
 * registerMergeRoute(app, store);
 */
export function registerMergeRoute(app: Hono<CrmEnv>, store: CrmStore): void {
  app.post('/crm/v3/objects/:objectType/merge', objectScope('write'), async (c) => {
    const schema = c.get('schema');
    const body = await readBody(c, MergeBody);
    if (body.primaryObjectId === body.objectIdToMerge) {
      throw HubSpotHttpError.badRequest('Cannot merge an object with itself');
    }
    const survivor = mergeObjects(store, schema.name, body.primaryObjectId, body.objectIdToMerge);
    if (!survivor) {
      const primary = store.get(schema.name, body.primaryObjectId);
      throw HubSpotHttpError.notFound(primary && !primary.archived ? body.objectIdToMerge : body.primaryObjectId);
    }
    return c.json(toApiObject(survivor, propertyList(schema, undefined), { schema }));
  });
}
