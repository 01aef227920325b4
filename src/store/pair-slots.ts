import type { PageCommit } from './state-types';

/**
 * The `xrefs.crm_slot` / `erp_slot` values of one link of a page: '' for one-to-one pairs; when
 * many source records may pair with one target record (`PageCommit.sharedTarget`), the target
 * side's slot holds the source id, so the target id repeats across pairs while each pair (and
 * the source id) stays unique. Both stores write them (decision 010).
 *
 * @example
 * pairSlots({ sourceSide: 'erp', sharedTarget: true }, 'deal-1', 'inv-7') // { crmSlot: 'inv-7', erpSlot: '' }
 */
export function pairSlots(
  commit: Pick<PageCommit, 'sourceSide' | 'sharedTarget'>,
  crmId: string,
  erpId: string,
): { crmSlot: string; erpSlot: string } {
  if (!commit.sharedTarget) return { crmSlot: '', erpSlot: '' };
  return commit.sourceSide === 'erp' ? { crmSlot: erpId, erpSlot: '' } : { crmSlot: '', erpSlot: crmId };
}
