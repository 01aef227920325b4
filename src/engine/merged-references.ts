import type { SystemRole } from '../connectors';
import type { StateStore, Xref } from '../store';

/**
 * Completes xref lookups with merged duplicates: a source record merged into another (see
 * match-before-create) has no target of its own, so references to it (a contact's company)
 * resolve to its survivor's target. `found` is keyed by source id and is completed in place.
 *
 * @example
 * const found = await store.findXrefs('company', 'crm', ids);
 * await addMergedAliases(store, 'company', 'crm', ids, found);
 */
export async function addMergedAliases(
  store: StateStore,
  kind: string,
  side: SystemRole,
  ids: Iterable<string>,
  found: Map<string, Xref>,
): Promise<void> {
  const missing = [...ids].filter((id) => !found.has(id));
  const aliases = await store.matching?.aliasesOf(kind, missing);
  if (!aliases?.size) return;
  const survivors = await store.findXrefs(kind, side, [...new Set(aliases.values())]);
  for (const [alias, survivor] of aliases) {
    const xref = survivors.get(survivor);
    if (xref) found.set(alias, xref);
  }
}
