import { IntegrationError } from '../errors';
import type { MatchStore, ReviewItem, ReviewStatus } from '../store';

/** A decision a person takes on a pending pair. */
export type ReviewAction = 'approve' | 'reject' | 'merge';

/**
 * Lists review items, pending first by default. Each carries its score and per-field
 * explanation (`explanation.fields`: values, similarity, agreement level, weight).
 *
 * @example
 * await listReviews(store.matching, { flow: 'companies-to-customers' })
 */
export async function listReviews(
  matching: MatchStore,
  filter: { flow?: string; status?: ReviewStatus; limit?: number } = { status: 'pending' },
): Promise<ReviewItem[]> {
  return matching.listReviews(filter);
}

/**
 * Decides a pending pair. `approve` links the source record to the candidate target (the next
 * run updates it instead of creating one); `reject` says they differ (the next run creates a new
 * target record); `merge` records the source record as a duplicate of the other source record
 * that already owns the target (it is never written; references to it resolve to the survivor).
 * The next run of the flow applies the decision.
 *
 * @example
 * await decideReview(store.matching, 12, 'approve', { by: 'ana@example.com' })
 */
export async function decideReview(
  matching: MatchStore,
  id: number,
  action: ReviewAction,
  options: { by?: string; note?: string } = {},
): Promise<ReviewItem> {
  const item = await matching.getReview(id);
  if (!item) throw new IntegrationError('not_found', `review item ${id} does not exist`);
  if (item.status !== 'pending') {
    throw new IntegrationError('review_conflict', `review item ${id} is already decided (${item.status})`);
  }
  if (action === 'approve' && (!item.candidateId || item.candidateSourceId)) {
    throw new IntegrationError(
      'review_conflict',
      item.candidateSourceId
        ? `review item ${id}: the candidate is owned by source record ${item.candidateSourceId}; merge into it or reject`
        : `review item ${id}: there is no target record to link to; merge or reject`,
    );
  }
  if (action === 'merge' && !item.candidateSourceId) {
    throw new IntegrationError(
      'review_conflict',
      `review item ${id}: the candidate target is not linked to another source record; approve links it`,
    );
  }
  const status = ({ approve: 'linked', reject: 'created', merge: 'merged' } as const)[action];
  return matching.decide(id, status, options.by ?? 'cli', options.note);
}
