import type { ConnectorRecord, UpsertItem } from '../connectors';
import type { PairExplanation, PreparedRecord } from '../dedupe/record-matcher';
import type {
  HistoryEntry,
  MatchStore,
  MatchView,
  NewReviewItem,
  ReviewItem,
  StateStore,
  Xref,
  XrefWrite,
} from '../store';
import { type FlowMatcher, flowMatcher } from './flow-matcher';
import type { FlowRuntime } from './flow-runtime';
import { refreshMatchIndex, searchExactKeys } from './match-index-refresh';

/** What the gate needs of a pending write (sync-page's own type has more). */
export interface GatedWrite {
  record: ConnectorRecord;
  item: UpsertItem;
  existing: Xref | undefined;
}

/** The outcome of matching one page's creates. */
export interface MatchGate<T extends GatedWrite> {
  /** Writes to send: linked records now update their match, parked and merged ones are gone. */
  writes: T[];
  /** Why records were not written (review, merged), for the page's history. */
  history: HistoryEntry[];
  /** After the batch: index what was written and drop the page's reservations. */
  settle(links: readonly XrefWrite[]): Promise<void>;
}

/** A reservation left by a crashed attempt stops blocking after this long. */
const RESERVATION_TTL_MS = 10 * 60_000;

interface Best {
  targetId: string;
  pendingSourceId: string | null;
  explanation: PairExplanation;
}

/**
 * Looks for each record about to be created among the target's existing records (cross-reference
 * first, which the caller did; then exact keys through the target's search; then the fuzzy
 * pipeline over the local index) and decides: link (the create becomes an update of the match),
 * review (parked, not written), or create. Records of the same page, and of pages running at the
 * same time, see each other's creates as reservations, so two near-duplicates never both create.
 * A match whose target is already linked to another source record cannot be linked (xrefs are
 * one-to-one, see docs/decisions/007): at or above the link threshold the record is merged into
 * that source record (an alias: never written, references to it resolve to its survivor), below
 * it waits for review.
 *
 * @example
 * const gate = await matchBeforeCreate(flow, store, writes, payload.runId);
 */
export async function matchBeforeCreate<T extends GatedWrite>(
  flow: FlowRuntime,
  store: StateStore,
  writes: T[],
  runId: string,
): Promise<MatchGate<T>> {
  const fm = flowMatcher(flow);
  const matching = store.matching;
  if (!fm || !matching) return { writes, history: [], settle: async () => {} };
  const creates = writes.filter((w) => !w.existing);
  // Creates are normalised once, here; settling indexes the written ones from the same values.
  const prepared = new Map<string, PreparedRecord>();
  const settle = (links: readonly XrefWrite[]) => settleWrites(fm, matching, writes, links, prepared);
  if (!creates.length) return { writes, history: [], settle };

  await refreshMatchIndex(flow, fm, matching, runId);
  await searchExactKeys(
    flow,
    fm,
    matching,
    creates.map((w) => w.item.fields),
  );
  for (const w of creates) prepared.set(w.record.id, fm.matcher.prepare(w.record.id, w.item.fields));
  const reviews = await matching.reviewsOf(flow.name, [...prepared.keys()]);
  const reviewedTargets = [...reviews.values()].flatMap((r) => (r.candidateId ? [r.candidateId] : []));

  const history: HistoryEntry[] = [];
  const dropped = new Set<string>();
  const claimed = new Map<string, string>();
  const applied: number[] = [];
  const request = {
    scope: fm.scope,
    kind: flow.kind,
    targetSide: fm.targetSide,
    keys: [...new Set([...prepared.values()].flatMap((p) => p.keys))],
    targetIds: reviewedTargets,
    reservationTtlMs: RESERVATION_TTL_MS,
  };
  // Candidates, reservations and owners are read inside the decisions' critical section, so a
  // reservation or link committed by a concurrent page is seen; the callback must stay synchronous.
  await matching.matchExclusive(request, (view) => {
    const ownerOf = (targetId: string) => view.linkedSource(targetId);
    for (const write of creates) {
      const id = write.record.id;
      const p = prepared.get(id)!;
      const review = reviews.get(id);
      if (review && review.decidedBy !== 'engine' && review.status !== 'pending') {
        if (review.appliedAt === null) applied.push(review.id);
        if (review.status === 'merged') {
          dropped.add(id);
          history.push(skipped(write, `merged into ${flow.sourceSide} record ${review.candidateSourceId ?? '?'}`));
          continue;
        }
        if (review.status === 'linked' && review.candidateId) {
          const owner = claimed.get(review.candidateId) ?? ownerOf(review.candidateId);
          if (!owner || owner === id) {
            write.item.id = review.candidateId;
            claimed.set(review.candidateId, id);
            continue;
          }
        }
        if (review.status === 'created') {
          view.reserve(id, p.values, p.keys);
          continue;
        }
      }
      const best = bestCandidate(fm, view, p);
      const decision = best ? fm.matcher.decide(best.explanation.score) : 'create';
      if (!best || decision === 'create') {
        view.reserve(id, p.values, p.keys);
        continue;
      }
      const owner = best.pendingSourceId ?? claimed.get(best.targetId) ?? ownerOf(best.targetId);
      const item: NewReviewItem = {
        flow: flow.name,
        kind: flow.kind,
        sourceSide: flow.sourceSide,
        sourceId: id,
        candidateId: best.pendingSourceId ? null : best.targetId,
        candidateSourceId: owner && owner !== id ? owner : null,
        reason: best.explanation.exactKey ? 'exact' : 'fuzzy',
        score: best.explanation.score,
        explanation: best.explanation,
        sourceFields: write.record.fields,
        status: 'pending',
      };
      if (owner && owner !== id) {
        item.reason = best.pendingSourceId ? 'source_duplicate' : 'target_taken';
        if (decision === 'link') Object.assign(item, { status: 'merged', decidedBy: 'engine' });
      } else if (decision === 'link') {
        Object.assign(item, { status: 'linked', decidedBy: 'engine' });
        write.item.id = best.targetId;
        claimed.set(best.targetId, id);
      }
      view.recordReview(item);
      if (item.status === 'linked') continue;
      dropped.add(id);
      history.push(
        skipped(
          write,
          item.status === 'merged'
            ? `merged into ${flow.sourceSide} record ${owner} (${describe(item)})`
            : `parked for review: ${describe(item)}`,
        ),
      );
    }
    if (applied.length) view.markApplied(applied);
  });
  return { writes: writes.filter((w) => !dropped.has(w.record.id)), history, settle };
}

/** The best-scoring candidate at or above the review threshold, explained; undefined when none is. */
function bestCandidate(fm: FlowMatcher, view: MatchView, p: PreparedRecord): Best | undefined {
  const { matcher } = fm;
  let best: { other: PreparedRecord; pendingSourceId: string | null; score: number } | undefined;
  for (const candidate of view.candidates(p.keys)) {
    if (candidate.pendingSourceId === p.id) continue;
    const other = preparedCandidate(fm, candidate.targetId, candidate.fields as Record<string, string>);
    const score = matcher.scoreAtLeast(p, other, Math.max(matcher.rules.thresholds.review, best?.score ?? 0));
    if (score >= matcher.rules.thresholds.review && (!best || score > best.score)) {
      best = { other, pendingSourceId: candidate.pendingSourceId, score };
    }
  }
  return (
    best && {
      targetId: best.other.id,
      pendingSourceId: best.pendingSourceId,
      explanation: matcher.explain(p, best.other),
    }
  );
}

function preparedCandidate(fm: FlowMatcher, targetId: string, fields: Record<string, string>): PreparedRecord {
  const cached = fm.preparedCandidates.get(fields);
  if (cached?.id === targetId) return cached;
  // Two targets with equal fields share one parsed object: the id is all that differs.
  const prepared = cached ? { ...cached, id: targetId } : fm.matcher.fromValues(targetId, fields);
  if (!cached) fm.preparedCandidates.set(fields, prepared);
  return prepared;
}

async function settleWrites(
  fm: FlowMatcher,
  matching: MatchStore,
  writes: readonly GatedWrite[],
  links: readonly XrefWrite[],
  prepared: ReadonlyMap<string, PreparedRecord>,
): Promise<void> {
  const targetOf = new Map(links.map((l) => [l.sourceId, l.targetId]));
  const written = writes.flatMap((w) => {
    const targetId = targetOf.get(w.record.id);
    if (!targetId) return [];
    // Values and keys do not depend on the id: a create's reservation values are the written ones.
    const p = prepared.get(w.record.id) ?? fm.matcher.prepare(targetId, w.item.fields);
    return [{ targetId, fields: p.values, keys: p.keys }];
  });
  // Indexed before the reservations go: in between a concurrent page sees both (the same source
  // record), never neither.
  if (written.length) await matching.index(fm.scope, written);
  // Failed creates release their reservation too; a retry reserves again.
  await matching.release(
    fm.scope,
    writes.filter((w) => !w.existing).map((w) => w.record.id),
  );
}

function describe(item: Pick<ReviewItem, 'reason' | 'score' | 'candidateId' | 'candidateSourceId'>): string {
  const against = item.candidateId ? `target ${item.candidateId}` : `source record ${item.candidateSourceId}`;
  return `${item.reason}, score ${item.score.toFixed(3)} against ${against}`;
}

function skipped(write: GatedWrite, message: string): HistoryEntry {
  return {
    sourceId: write.record.id,
    action: 'skipped',
    before: write.record.fields,
    errorCode: 'match_review',
    errorMessage: message,
  };
}
