import type { ConnectorRecord, UpsertItem } from '../connectors';
import { requireCapability } from '../connectors';
import { IntegrationError, RateLimitedError, toIntegrationError } from '../errors';
import type { Job } from '../queue/job-queue';
import type { HistoryEntry, PageCommit, StateStore, Xref, XrefWrite } from '../store';
import { alsoLinks } from './also-link';
import { planArchives } from './archive-plan';
import { archiveTargets } from './archive-targets';
import { FailureRecorder, type RecordFailure } from './failure-recorder';
import { writeFeedback } from './feedback-writer';
import { fingerprint } from './fingerprint';
import type { FlowRuntime } from './flow-runtime';
import { followMerges } from './follow-merges';
import type { SyncPagePayload } from './job-catalog';
import { matchBeforeCreate } from './match-before-create';
import { addMergedAliases } from './merged-references';
import { OwnershipGate } from './ownership-gate';
import { checkPrices } from './price-check';
import { looksUpEveryCreate, lookUpCreates, reapplyStale } from './resolve-writes';
import { sharesTarget } from './shares-target';
import { sourceFingerprint as sourceFingerprintOf } from './source-fingerprint';
import { lookUpTargetIds } from './target-id-lookup';

interface PendingWrite {
  record: ConnectorRecord;
  item: UpsertItem;
  sourceFingerprint: string;
  writtenFingerprint: string;
  existing: Xref | undefined;
}

/** Collects one attempt's outcome so it can be committed in one transaction. */
class PageOutcome {
  readonly links: XrefWrite[] = [];
  readonly history: HistoryEntry[] = [];
  readonly counts = { created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };
  readonly retryLater: { record: ConnectorRecord; error: IntegrationError }[] = [];
  /** Records that failed for good in this attempt: they become DLQ items. */
  readonly dead: RecordFailure[] = [];
  /** Records written in this attempt, with the target record as answered; `isNew`: no link before. */
  readonly written: { record: ConnectorRecord; target: ConnectorRecord; isNew: boolean }[] = [];

  /** A record that cannot be written now: retried with the job, or dead-lettered. */
  settle(record: ConnectorRecord, error: IntegrationError, mappingVersion: string): void {
    if (error.retryable) this.retryLater.push({ record, error });
    else this.fail(record, error, mappingVersion);
  }

  fail(record: ConnectorRecord, error: IntegrationError, mappingVersion: string): void {
    this.counts.failed++;
    this.dead.push({ record, error });
    this.history.push({
      sourceId: record.id,
      action: 'failed',
      before: record.fields,
      mappingVersion,
      errorCode: error.code,
      errorMessage: error.message,
    });
  }
}

/** Options of {@link syncPage}. */
export interface SyncPageOptions {
  /** Look every create up by external reference first (DLQ replays); retries always do. */
  lookUpCreates?: boolean;
  /** Source ids already dead-lettered by an earlier attempt of this job: not retried blindly. */
  alreadyDead?: (ids: readonly string[]) => Promise<Set<string>>;
}

/**
 * Handles one `sync-page` job: validate, map, skip what did not change, write the rest in one
 * batch, and commit links, history and counts together. One bad record never fails the page;
 * records that may succeed later (unresolved reference, per-item 5xx/429) are retried with
 * the job, and the ones already written are recognised as unchanged on the next attempt.
 * Records that fail for good go to the DLQ through `failures`. A retried attempt looks creates
 * up by external reference first, since the previous attempt's answer may have been lost.
 *
 * @example
 * queue.process((job) => syncPage(job, payload, flow, store, failures));
 */
export async function syncPage(
  job: Job,
  payload: SyncPagePayload,
  flow: FlowRuntime,
  store: StateStore,
  failures: FailureRecorder = new FailureRecorder(),
  options: SyncPageOptions = {},
): Promise<{ written: number }> {
  const { mapping } = flow;
  const dead =
    job.attempt > 1 && options.alreadyDead ? await options.alreadyDead(payload.records.map((r) => r.id)) : null;
  const records = (payload.records as ConnectorRecord[]).filter((r) => !dead?.has(r.id));
  const outcome = new PageOutcome();
  // Before the links are read: a merge in the source moves a link to the survivor.
  await followMerges(flow, records, store, payload.runId);
  const existing = await store.findXrefs(
    flow.kind,
    flow.sourceSide,
    records.map((r) => r.id),
  );
  // `archiveWhen:` makes a live record count as archived (an ERP item blocked). A condition that
  // cannot be evaluated leaves the record to the normal path, where its mapping reports it.
  const isArchived = (r: ConnectorRecord) => {
    if (r.archived) return true;
    try {
      return mapping.archivedByRule?.(r) ?? false;
    } catch {
      return false;
    }
  };
  const archives = planArchives(flow, records.filter(isArchived), existing);
  outcome.history.push(...archives.history);
  outcome.counts.skipped += archives.skipped;
  outcome.counts.unchanged += archives.unchanged;
  const references = await prefetchReferences(flow, records, store);
  const targets = await lookUpTargetIds(flow, records, store);
  const targetIdOf = (x: Xref) => (flow.sourceSide === 'crm' ? x.erpId : x.crmId);
  const schema = flow.source.definition.entities[flow.spec.source.entity]?.schema;
  const owned = await OwnershipGate.open(flow, store, records, existing);

  const writes: PendingWrite[] = [];
  for (const record of records) {
    if (isArchived(record)) continue;
    const valid = schema?.safeParse(record.fields);
    if (valid && !valid.success) {
      const issue = valid.error.issues[0];
      const error = new IntegrationError(
        'record_invalid',
        `record ${record.id}, field ${issue?.path.join('.')}: ${issue?.message}`,
        { details: { recordId: record.id, field: issue?.path.join('.') } },
      );
      outcome.fail(record, error, mapping.version);
      continue;
    }
    const link = existing.get(record.id);
    // `target.id:` names the record to update through another link (decision 010).
    const via = targets?.(record);
    const screen = owned.screen(record, link, via !== undefined);
    if (!screen.pass) {
      if ('failed' in screen) outcome.fail(record, screen.failed, mapping.version);
      else if ('skipped' in screen) {
        outcome.counts.skipped++;
        outcome.history.push(screen.skipped);
      } else outcome.counts.unchanged++;
      continue;
    }
    const sourceFingerprint = sourceFingerprintOf(flow, record);
    if (link && link.sourceFingerprint === sourceFingerprint && link.mappingVersion === mapping.version) {
      outcome.counts.unchanged++;
      continue;
    }
    // An own pair from an earlier run still names the target when the chain's pair is gone.
    if (via && 'error' in via && !link) {
      outcome.settle(record, via.error, mapping.version);
      continue;
    }
    const targetId = (via && 'id' in via ? via.id : undefined) ?? (link ? targetIdOf(link) : undefined);
    let fields: Record<string, unknown>;
    try {
      fields = mapping.map(record, { xref: (kind, id) => references.get(kind)?.get(id) });
    } catch (error) {
      outcome.settle(record, toIntegrationError(error), mapping.version);
      continue;
    }
    const writtenFingerprint = fingerprint(fields);
    if (link && link.writtenFingerprint === writtenFingerprint) {
      // The source changed in fields this mapping ignores: remember it, write nothing.
      outcome.counts.unchanged++;
      outcome.links.push({
        sourceId: record.id,
        targetId: targetId ?? targetIdOf(link),
        sourceFingerprint,
        writtenFingerprint,
        mappingVersion: mapping.version,
      });
      continue;
    }
    const item: UpsertItem = { key: record.id, fields, ...(targetId === undefined ? {} : { id: targetId }) };
    writes.push({ record, item, sourceFingerprint, writtenFingerprint, existing: link });
  }

  // Three-way compare: updates keep only the fields ownership and conflicts allow.
  const compared = await owned.compare(writes);
  for (const w of compared.settled) {
    outcome.counts.unchanged++;
    outcome.links.push({ ...linkOf(w, w.item.id!), mappingVersion: mapping.version });
  }
  writes.splice(0, writes.length, ...(compared.writes as PendingWrite[]));
  const drop = (failed: { record: ConnectorRecord; error: IntegrationError }[]) => {
    for (const f of failed) outcome.settle(f.record, f.error, mapping.version);
    const ids = new Set(failed.map((f) => f.record.id));
    if (ids.size) writes.splice(0, writes.length, ...writes.filter((w) => !ids.has(w.record.id)));
  };
  // Pre-write checks first: a record failing them must leave no trace in the target.
  drop(await checkPrices(flow, writes));
  if (writes.length && (job.attempt > 1 || options.lookUpCreates || looksUpEveryCreate(flow))) {
    const looked = await lookUpCreates(flow, writes);
    drop(looked.failed);
    // A create-once target that already exists (an answer lost after the commit) is the one this
    // flow created: link it as if just created (alsoLink, feedback), never write it again. An
    // update would also fail: BC refuses deep-insert lines on PATCH.
    if (flow.spec.write === 'create-once' && looked.found.size) {
      for (const w of writes.filter((x) => looked.found.has(x.item.key))) {
        const target = looked.found.get(w.item.key)!;
        outcome.counts.unchanged++;
        outcome.written.push({ record: w.record, target, isNew: true });
        outcome.links.push({ ...linkOf(w, target.id), mappingVersion: mapping.version });
      }
      writes.splice(0, writes.length, ...writes.filter((x) => !looked.found.has(x.item.key)));
    }
  }
  // Creates found by external reference are our own earlier writes, not dedupe candidates.
  const found = writes.filter((w) => !w.existing && w.item.id !== undefined);
  // Dedupe: creates may become links, or wait for review (docs/decisions/007-matching-model.md).
  const gate = await matchBeforeCreate(
    flow,
    store,
    writes.filter((w) => !found.includes(w)),
    payload.runId,
  );
  outcome.history.push(...gate.history);
  // Merged duplicates and pairs parked for review: read, deliberately not written.
  outcome.counts.skipped += gate.history.filter((h) => h.action === 'skipped').length;
  const toWrite = [...found, ...gate.writes];
  // Existing targets paired in this page are compared like updates: a create-only field the
  // target owns (a matched customer's credit limit) must not be overwritten.
  const paired = await owned.compare(
    toWrite.filter((w) => !w.existing && w.item.id !== undefined),
    true,
  );
  for (const w of paired.settled) {
    outcome.counts.unchanged++;
    outcome.links.push({ ...linkOf(w, w.item.id!), mappingVersion: mapping.version });
  }
  if (paired.settled.length) toWrite.splice(0, toWrite.length, ...toWrite.filter((w) => !paired.settled.includes(w)));
  if (toWrite.length) await writeBatch(flow, toWrite, outcome, (w, target) => owned.written(w, target));
  const archiveUpdates = archives.updates.map((u) => ({ ...u, existing: existing.get(u.record.id) }));
  if (archiveUpdates.length) await writeBatch(flow, archiveUpdates, outcome, () => {});
  await archiveTargets(flow, archives.archives, outcome);

  const lastAttempt = job.attempt >= job.maxAttempts;
  const commit: PageCommit = {
    runId: payload.runId,
    flow: flow.name,
    kind: flow.kind,
    sourceSide: flow.sourceSide,
    links: outcome.links,
    sharedTarget: sharesTarget(flow),
    alsoLinks: alsoLinks(
      flow,
      outcome.written.filter((w) => w.isNew).map((w) => ({ record: w.record, targetId: w.target.id })),
    ),
    history: outcome.history,
    counts: outcome.counts,
    pageDone: lastAttempt || outcome.retryLater.length === 0,
  };
  if (lastAttempt) for (const { record, error } of outcome.retryLater) outcome.fail(record, error, mapping.version);
  const context = {
    flow: flow.name,
    runId: payload.runId,
    mappingVersion: mapping.version,
    jobId: job.id,
    attempt: job.attempt,
  };
  if (!lastAttempt) await failures.retrying(context, outcome.retryLater);
  // Before the commit: a crash in between re-runs the page and updates the same DLQ items.
  await failures.deadLetter(context, outcome.dead);
  // Snapshots, echoes and conflicts describe target writes that already happened, so they are
  // saved before the commit: a crash in between re-runs the page with them still true. Saved
  // after, the crash lost them, and the reverse flow took our write for news.
  await owned.save();
  await store.commitPage(commit);
  // Only now do created records replace their reservations in the match index: settled before
  // the links committed, a concurrent page saw the new target with no reservation and no owner,
  // linked its own near-duplicate to it, and the page failed on xrefs(kind, erp_id) (seen once
  // in a 20,000-company load at concurrency 4).
  await gate.settle(outcome.links);
  failures.synced(flow.name, outcome.counts);
  for (const c of owned.conflicts)
    failures.metrics.inc('sync_conflicts_total', { flow: flow.name, resolution: c.resolution });
  await writeFeedback(
    flow,
    [
      ...outcome.written.map((w) => ({ record: w.record, target: w.target })),
      ...outcome.dead.map(({ record, error }) => ({ record, error })),
    ],
    failures,
  );
  if (!commit.pageDone) throw retryError(outcome.retryLater);
  await failures.pageDone(job.id);
  return { written: toWrite.length };
}

async function writeBatch(
  flow: FlowRuntime,
  writes: PendingWrite[],
  outcome: PageOutcome,
  onWritten: (write: PendingWrite, target: ConnectorRecord) => void,
): Promise<void> {
  const upsert = requireCapability(flow.target, 'upsertBatch');
  const items = writes.map((w) => w.item);
  const results = await reapplyStale(flow, items, await upsert(flow.spec.target.entity, items));
  const byKey = new Map(writes.map((w) => [w.item.key, w]));
  for (const result of results) {
    const write = byKey.get(result.key);
    if (!write) continue;
    if (!result.ok) {
      outcome.settle(write.record, result.error, flow.mapping.version);
      continue;
    }
    outcome.counts[result.action]++;
    onWritten(write, result.record);
    outcome.written.push({ record: write.record, target: result.record, isNew: !write.existing });
    outcome.links.push({
      sourceId: write.record.id,
      targetId: result.record.id,
      sourceFingerprint: write.sourceFingerprint,
      writtenFingerprint: write.writtenFingerprint,
      mappingVersion: flow.mapping.version,
    });
    outcome.history.push({
      sourceId: write.record.id,
      targetId: result.record.id,
      action: result.action,
      before: write.record.fields,
      after: write.item.fields,
      mappingVersion: flow.mapping.version,
    });
  }
}

/**
 * Resolves every cross-reference a batch of records needs in one store query per link kind.
 *
 * @example
 * const refs = await prefetchReferences(flow, records, store); // link -> source id -> target id
 */
export async function prefetchReferences(
  flow: FlowRuntime,
  records: ConnectorRecord[],
  store: StateStore,
): Promise<Map<string, Map<string, string>>> {
  const wanted = new Map<string, Set<string>>();
  for (const record of records) {
    for (const ref of flow.mapping.references(record)) {
      const ids = wanted.get(ref.link) ?? new Set<string>();
      ids.add(ref.sourceId);
      wanted.set(ref.link, ids);
    }
  }
  const resolved = new Map<string, Map<string, string>>();
  for (const [kind, ids] of wanted) {
    const found = await store.findXrefs(kind, flow.sourceSide, [...ids]);
    await addMergedAliases(store, kind, flow.sourceSide, ids, found);
    resolved.set(kind, new Map([...found].map(([id, x]) => [id, flow.sourceSide === 'crm' ? x.erpId : x.crmId])));
  }
  return resolved;
}

function linkOf(w: PendingWrite, targetId: string) {
  return {
    sourceId: w.record.id,
    targetId,
    sourceFingerprint: w.sourceFingerprint,
    writtenFingerprint: w.writtenFingerprint,
  };
}

function retryError(pending: { record: ConnectorRecord; error: IntegrationError }[]): IntegrationError {
  const first = pending[0]!.error;
  const message = `${pending.length} record(s) will be retried; first: ${first.message}`;
  const waits = pending.map((p) => (p.error instanceof RateLimitedError ? (p.error.retryAfterMs ?? 0) : 0));
  const retryAfterMs = Math.max(0, ...waits);
  return retryAfterMs > 0
    ? new RateLimitedError(message, retryAfterMs)
    : new IntegrationError(first.code, message, { retryable: true, details: { pending: pending.length } });
}
