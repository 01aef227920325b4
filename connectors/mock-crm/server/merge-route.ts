import type { Hono } from 'hono';
import { z } from 'zod';
import { objectScope } from './bearer-auth';
import type { CrmEnv } from './crm-env';
import type { CrmStore } from './crm-store';
import { HubSpotHttpError } from './hubspot-http-error';
import { readBody } from './request-schemas';
import { propertyList, toApiObject } from './to-api-object';

const Id = z.union([z.string().min(1), z.number()]).transform(String);
const MergeBody = z.object({ primaryObjectId: Id, objectIdToMerge: Id });

/**
 * Registers `POST /crm/v3/objects/{type}/merge`, HubSpot's merge: the primary object survives
 * and lists the merged id in `hs_merged_object_ids` (`;`-separated); the other one is archived.
 * Change listeners hear a `merge` (besides the primary's property change and the deletion).
 *
 * @example
 * registerMergeRoute(app, store);
 */
export function registerMergeRoute(app: Hono<CrmEnv>, store: CrmStore): void {
  app.post('/crm/v3/objects/:objectType/merge', objectScope('write'), async (c) => {
    const schema = c.get('schema');
    const { primaryObjectId, objectIdToMerge } = await readBody(c, MergeBody);
    const primary = store.get(schema.name, primaryObjectId);
    const merged = store.get(schema.name, objectIdToMerge);
    if (!primary || primary.archived) throw HubSpotHttpError.notFound(primaryObjectId);
    if (!merged || merged.archived) throw HubSpotHttpError.notFound(objectIdToMerge);
    if (primaryObjectId === objectIdToMerge) throw HubSpotHttpError.badRequest('cannot merge an object into itself');
    const ids = [primary.properties.hs_merged_object_ids, merged.properties.hs_merged_object_ids, objectIdToMerge]
      .flatMap((value) => (value ? value.split(';') : []))
      .filter(Boolean);
    const survivor = store.writeBatch(() => {
      store.archive(schema.name, objectIdToMerge);
      return store.update(schema.name, primaryObjectId, { hs_merged_object_ids: [...new Set(ids)].join(';') })!;
    });
    store.announce({
      kind: 'merge',
      type: schema.name,
      id: primaryObjectId,
      at: Date.parse(survivor.updatedAt),
      mergedId: objectIdToMerge,
    });
    return c.json(toApiObject(survivor, propertyList(schema, undefined), { schema }));
  });
}
