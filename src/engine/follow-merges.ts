import type { ConnectorRecord } from '../connectors';
import type { StateStore, Xref } from '../store';
import type { FlowRuntime } from './flow-runtime';

/**
 * Applies source-side merges before a page is synced. A record listing `mergedIds` is the
 * survivor of a merge in the source system:
 * - survivor not linked, a merged record linked: the link moves to the survivor (its target is
 *   updated, not duplicated), and the merged id becomes an alias of the survivor, so references
 *   to it (a contact's company) resolve through merged-references.ts;
 * - both linked to the same target: only the alias is recorded;
 * - linked to different targets: the target system now holds a duplicate. It is parked in the
 *   review queue (merged id, the survivor's target, the survivor) for a person to merge or keep,
 *   instead of being silently orphaned.
 * Returns how many links moved and items were parked; a second delivery changes nothing.
 *
 * @example
 * await followMerges(flow, records, store, runId);
 */
export async function followMerges(
  flow: FlowRuntime,
  records: readonly ConnectorRecord[],
  store: StateStore,
  runId: string,
): Promise<{ moved: number; parked: number }> {
  const result = { moved: 0, parked: 0 };
  const survivors = records.filter((r) => r.mergedIds?.length);
  if (!survivors.length) return result;
  const targetOf = (x: Xref) => (flow.sourceSide === 'crm' ? x.erpId : x.crmId);
  const review = (survivor: string, merged: string, candidateId: string, status: 'merged' | 'pending') =>
    store.matching?.recordReview({
      flow: flow.name,
      kind: flow.kind,
      sourceSide: flow.sourceSide,
      sourceId: merged,
      candidateId,
      candidateSourceId: survivor,
      reason: 'source_duplicate',
      score: 1,
      explanation: { merge: { survivor, merged, note: `merged into ${survivor} in the source system` } },
      status,
      ...(status === 'merged' ? { decidedBy: 'source-merge' } : {}),
    });
  for (const survivor of survivors) {
    const ids = survivor.mergedIds!.filter((id) => id !== survivor.id);
    const links = await store.findXrefs(flow.kind, flow.sourceSide, [survivor.id, ...ids]);
    let own = links.get(survivor.id);
    for (const id of ids) {
      const merged = links.get(id);
      if (!merged) continue;
      const pending = (await store.matching?.reviewsOf(flow.name, [id]))?.get(id);
      if (!own) {
        // Re-keyed from the target side: the one xref row now pairs the target with the survivor.
        await store.commitPage({
          runId,
          flow: flow.name,
          kind: flow.kind,
          sourceSide: flow.sourceSide === 'crm' ? 'erp' : 'crm',
          links: [
            {
              sourceId: targetOf(merged),
              targetId: survivor.id,
              // Empty: the survivor's fields have not been written to this target yet.
              sourceFingerprint: '',
              writtenFingerprint: merged.writtenFingerprint ?? '',
              mappingVersion: merged.mappingVersion ?? flow.mapping.version,
            },
          ],
          history: [],
          counts: {},
          pageDone: false,
        });
        own = flow.sourceSide === 'crm' ? { ...merged, crmId: survivor.id } : { ...merged, erpId: survivor.id };
        await review(survivor.id, id, targetOf(merged), 'merged');
        result.moved++;
      } else if (targetOf(own) === targetOf(merged)) {
        if (pending?.status !== 'merged') await review(survivor.id, id, targetOf(own), 'merged');
      } else if (!pending || pending.candidateSourceId !== survivor.id) {
        await review(survivor.id, id, targetOf(own), 'pending');
        result.parked++;
      }
    }
  }
  return result;
}
