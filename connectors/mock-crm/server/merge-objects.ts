import type { CrmObject } from './crm-object';
import { CRM_OBJECT_SCHEMAS } from './crm-schemas';
import type { CrmStore } from './crm-store';

/**
 * Merges `mergedId` into `primaryId`, as HubSpot's merge does: the survivor takes over every
 * association of the merged object (union, no duplicates), records the merged id, plus the ids
 * merged into it earlier, in `hs_merged_object_ids` (`;`-separated), and the merged object is
 * archived. One store batch, so both changes share a timestamp. Returns the survivor, or
 * undefined when either object is missing or archived (the caller answers 404).
 *
 * @example
 * mergeObjects(store, 'companies', '1001', '1002')?.properties.hs_merged_object_ids // '1002'
 */
export function mergeObjects(
  store: CrmStore,
  type: string,
  primaryId: string,
  mergedId: string,
): CrmObject | undefined {
  const primary = store.get(type, primaryId);
  const merged = store.get(type, mergedId);
  if (!primary || primary.archived || !merged || merged.archived) return undefined;
  return store.writeBatch(() => {
    for (const toType of Object.keys(CRM_OBJECT_SCHEMAS)) {
      for (const toId of store.associations(type, mergedId, toType)) {
        // Links move rather than copy: the archived object must not show up on the other side.
        store.dissociate(type, mergedId, toType, toId);
        if (toType !== type || toId !== primaryId) store.associate(type, primaryId, toType, toId);
      }
    }
    const ids = [primary.properties.hs_merged_object_ids, mergedId, merged.properties.hs_merged_object_ids]
      .flatMap((value) => (value ? value.split(';') : []))
      .filter((id) => id !== '');
    store.archive(type, mergedId);
    return store.update(type, primaryId, { hs_merged_object_ids: [...new Set(ids)].join(';') })!;
  });
}
