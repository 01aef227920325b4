import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';
import { isBlank } from '../mapping/compile-field';
import type { StateStore } from '../store';
import type { FlowRuntime } from './flow-runtime';
import { addMergedAliases } from './merged-references';

/** What `target.id` says about one record: the target to update, or why there is none yet. */
export type TargetIdOutcome = { id: string } | { error: IntegrationError };

/**
 * For flows with `target.id: { xref: { link, field } }`: resolves, in one store query per
 * page, which target record each source record updates. The source field holds an id of the
 * other side of `link` (an invoice's `orderId` is the ERP half of a `deal` pair); the pair's
 * target-side id is the record to update. An id not paired yet is retryable
 * `reference_unresolved` (the flow that writes the pair may not have run); a blank field is
 * permanent `mapping_failed`. `field: id` is the record's own id, for a second flow between the
 * same records under its own link (inventory next to items-to-products). Returns undefined for
 * flows without `target.id`.
 *
 * @example
 * const targets = await lookUpTargetIds(flow, records, store);
 * const outcome = targets?.(record); // { id: 'deal-1' } or { error }
 */
export async function lookUpTargetIds(
  flow: FlowRuntime,
  records: readonly ConnectorRecord[],
  store: StateStore,
): Promise<((record: ConnectorRecord) => TargetIdOutcome) | undefined> {
  const rule = flow.spec.target.id?.xref;
  if (!rule) return undefined;
  const idOf = (record: ConnectorRecord) => {
    // `field: id` on a system whose fields do not repeat the id means the record's own id.
    const raw = record.fields[rule.field] ?? (rule.field === 'id' ? record.id : undefined);
    return isBlank(raw) ? undefined : String(raw);
  };
  const ids = new Set(records.flatMap((r) => idOf(r) ?? []));
  const found = await store.findXrefs(rule.link, flow.sourceSide, [...ids]);
  await addMergedAliases(store, rule.link, flow.sourceSide, ids, found);
  return (record) => {
    const otherId = idOf(record);
    if (otherId === undefined) {
      return {
        error: new IntegrationError('mapping_failed', `record ${record.id}: target.id field ${rule.field} is empty`, {
          details: { recordId: record.id, field: rule.field },
        }),
      };
    }
    const pair = found.get(otherId);
    if (pair) return { id: flow.sourceSide === 'crm' ? pair.erpId : pair.crmId };
    return {
      error: new IntegrationError(
        'reference_unresolved',
        `record ${record.id}: ${rule.field} ${otherId} has no "${rule.link}" link yet`,
        { retryable: true, details: { recordId: record.id, link: rule.link, sourceId: otherId } },
      ),
    };
  };
}
