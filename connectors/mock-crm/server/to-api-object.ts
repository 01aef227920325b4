import { associationTypeOf } from './association-types';
import type { CrmObject } from './crm-object';
import { type CrmObjectSchema, SYSTEM_PROPERTIES } from './crm-schemas';
import type { CrmStore } from './crm-store';

/** A v3 object as the API returns it: the stored shape, with associations when asked for. */
export interface ApiObject extends CrmObject {
  associations?: Record<string, { results: Array<{ id: string; type: string }> }>;
}

/** What to include when turning a stored object into an {@link ApiObject}. */
export interface Projection {
  schema: CrmObjectSchema;
  /** Requested properties; undefined means all properties of the schema. */
  properties?: readonly string[];
  /** Object types whose associations to include (v3 `associations=` parameter). */
  associations?: readonly string[];
  store?: CrmStore;
}

/**
 * Builds the property list of a response once per request: the requested properties that
 * exist (HubSpot silently ignores unknown ones) plus the system ones it always returns.
 *
 * @example
 * propertyList(schema, ['name', 'nope']) // ['name', 'hs_object_id', 'createdate', 'hs_lastmodifieddate']
 */
export function propertyList(schema: CrmObjectSchema, requested: readonly string[] | undefined): string[] {
  if (!requested) return Object.keys(schema.properties);
  const names = new Set(requested.filter((name) => name in schema.properties));
  for (const name of SYSTEM_PROPERTIES) names.add(name);
  return [...names];
}

/**
 * Copies a stored object into the API shape with only the listed properties (null when
 * unset, as HubSpot returns them) and, when asked, its associations.
 *
 * @example
 * toApiObject(object, propertyList(schema, undefined), { schema, associations: ['companies'], store })
 */
export function toApiObject(object: CrmObject, properties: readonly string[], projection: Projection): ApiObject {
  const values: Record<string, string | null> = {};
  for (const name of properties) values[name] = object.properties[name] ?? null;
  const result: ApiObject = {
    id: object.id,
    properties: values,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
    archived: object.archived,
  };
  if (object.archivedAt) result.archivedAt = object.archivedAt;
  if (projection.associations?.length && projection.store) {
    const associations: NonNullable<ApiObject['associations']> = {};
    for (const toType of projection.associations) {
      const type = associationTypeOf(projection.schema.name, toType);
      if (!type) continue;
      const ids = projection.store.associations(projection.schema.name, object.id, toType);
      // HubSpot leaves the key out when there is nothing associated.
      if (ids.length > 0) associations[toType] = { results: ids.map((id) => ({ id, type: type.name })) };
    }
    if (Object.keys(associations).length > 0) result.associations = associations;
  }
  return result;
}
