import type { ConnectorRecord, UpsertItem } from '../connectors';
import { requireCapability } from '../connectors';
import { IntegrationError, RateLimitedError, toIntegrationError } from '../errors';
import type { Job } from '../queue/job-queue';
import type { HistoryEntry, PageCommit, StateStore, Xref, XrefWrite } from '../store';
import { fingerprint } from './fingerprint';
import type { FlowRuntime } from './flow-runtime';
import type { SyncPagePayload } from './job-catalog';
import { matchBeforeCreate } from './match-before-create';
import { addMergedAliases } from './merged-references';

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
  readonly counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  readonly retryLater: { record: ConnectorRecord; error: IntegrationError }[] = [];

  fail(record: ConnectorRecord, error: IntegrationError, mappingVersion: string): void {
    this.counts.failed++;
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

/**
 * Handles one `sync-page` job: validate, map, skip what did not change, write the rest in one
 * batch, and commit links, history and counts together. One bad record never fails the page;
 * records that may succeed later (unresolved reference, per-item 5xx/429) are retried with
 * the job, and the ones already written are recognised as unchanged on the next attempt.
 *
 * @example
 * queue.process((job) => syncPage(job, payload, flow, store));
 */
export async function syncPage(
  job: Job,
  payload: SyncPagePayload,
  flow: FlowRuntime,
  store: StateStore,
): Promise<{ written: number }> {
  const { mapping } = flow;
  const records = payload.records as ConnectorRecord[];
  const outcome = new PageOutcome();
  const existing = await store.findXrefs(
    flow.kind,
    flow.sourceSide,
    records.map((r) => r.id),
  );
  const references = await prefetchReferences(flow, records, store);
  const targetIdOf = (x: Xref) => (flow.sourceSide === 'crm' ? x.erpId : x.crmId);
  const schema = flow.source.definition.entities[flow.spec.source.entity]?.schema;

  const writes: PendingWrite[] = [];
  for (const record of records) {
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
    const sourceFingerprint = fingerprint({ f: record.fields, a: record.associations });
    const link = existing.get(record.id);
    if (link && link.sourceFingerprint === sourceFingerprint && link.mappingVersion === mapping.version) {
      outcome.counts.unchanged++;
      continue;
    }
    let fields: Record<string, unknown>;
    try {
      fields = mapping.map(record, { xref: (kind, id) => references.get(kind)?.get(id) });
    } catch (error) {
      const failure = toIntegrationError(error);
      if (failure.retryable) outcome.retryLater.push({ record, error: failure });
      else outcome.fail(record, failure, mapping.version);
      continue;
    }
    const writtenFingerprint = fingerprint(fields);
    if (link && link.writtenFingerprint === writtenFingerprint) {
      // The source changed in fields this mapping ignores: remember it, write nothing.
      outcome.counts.unchanged++;
      outcome.links.push({
        sourceId: record.id,
        targetId: targetIdOf(link),
        sourceFingerprint,
        writtenFingerprint,
        mappingVersion: mapping.version,
      });
      continue;
    }
    const item: UpsertItem = { key: record.id, fields, ...(link ? { id: targetIdOf(link) } : {}) };
    writes.push({ record, item, sourceFingerprint, writtenFingerprint, existing: link });
  }

  // Dedupe: creates may become links, or wait for review (docs/decisions/007-matching-model.md).
  const gate = await matchBeforeCreate(flow, store, writes, payload.runId);
  outcome.history.push(...gate.history);
  if (gate.writes.length) await writeBatch(flow, gate.writes, outcome);
  gate.settle(outcome.links);

  const lastAttempt = job.attempt >= job.maxAttempts;
  const commit: PageCommit = {
    runId: payload.runId,
    flow: flow.name,
    kind: flow.kind,
    sourceSide: flow.sourceSide,
    links: outcome.links,
    history: outcome.history,
    counts: outcome.counts,
    pageDone: lastAttempt || outcome.retryLater.length === 0,
  };
  if (lastAttempt) for (const { record, error } of outcome.retryLater) outcome.fail(record, error, mapping.version);
  await store.commitPage(commit);
  if (!commit.pageDone) throw retryError(outcome.retryLater);
  return { written: gate.writes.length };
}

async function writeBatch(flow: FlowRuntime, writes: PendingWrite[], outcome: PageOutcome): Promise<void> {
  const upsert = requireCapability(flow.target, 'upsertBatch');
  const results = await upsert(
    flow.spec.target.entity,
    writes.map((w) => w.item),
  );
  const byKey = new Map(writes.map((w) => [w.item.key, w]));
  for (const result of results) {
    const write = byKey.get(result.key);
    if (!write) continue;
    if (!result.ok) {
      if (result.error.retryable) outcome.retryLater.push({ record: write.record, error: result.error });
      else outcome.fail(write.record, result.error, flow.mapping.version);
      continue;
    }
    outcome.counts[result.action]++;
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

function retryError(pending: { record: ConnectorRecord; error: IntegrationError }[]): IntegrationError {
  const first = pending[0]!.error;
  const message = `${pending.length} record(s) will be retried; first: ${first.message}`;
  const waits = pending.map((p) => (p.error instanceof RateLimitedError ? (p.error.retryAfterMs ?? 0) : 0));
  const retryAfterMs = Math.max(0, ...waits);
  return retryAfterMs > 0
    ? new RateLimitedError(message, retryAfterMs)
    : new IntegrationError(first.code, message, { retryable: true, details: { pending: pending.length } });
}
