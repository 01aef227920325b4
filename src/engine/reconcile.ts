import type { ConnectorInstance, ConnectorRecord } from '../connectors';
import { requireCapability } from '../connectors';
import { toIntegrationError } from '../errors';
import type { DlqRepository, StateStore } from '../store';
import type { FlowRuntime } from './flow-runtime';
import { prefetchReferences } from './sync-page';

/** One difference between a source record and what the target holds for it. */
export interface ReconcileDifference {
  kind: 'missing' | 'duplicate' | 'mismatch';
  sourceId: string;
  targetIds: string[];
  /** Mismatched fields: what the mapping produces from the source now, and what the target has. */
  fields?: { field: string; expected: unknown; actual: unknown }[];
  /** The record has an open DLQ item: the difference is known and explained there. */
  inDlq: boolean;
  /** Dedupe parked the record for review instead of creating it: known, waiting for a person. */
  inReview?: boolean;
  /** Why the expected values could not be computed (a mapping error), if so. */
  note?: string;
}

/** Reconciliation of one flow. */
export interface ReconcileReport {
  flow: string;
  sourceRecords: number;
  targetRecords: number;
  differences: ReconcileDifference[];
  /**
   * `lost` = missing and neither in the DLQ nor in dedupe review: the one figure that must always
   * be 0. `merged` = records dedupe merged into another source record (never written on purpose).
   */
  counts: { missing: number; duplicate: number; mismatch: number; lost: number; merged: number };
}

/**
 * Reads every record of a flow's source and target and compares them record by record: each
 * source record must have exactly one target record (found by the target's external reference,
 * else by cross-reference) whose mapped fields equal what the current mapping produces. The
 * master side is the source (flows push master to copy), so the source is the truth.
 *
 * @example
 * const report = await reconcileFlow(flow, store, dlq);
 * if (report.differences.length) process.exitCode = 1;
 */
export async function reconcileFlow(
  flow: FlowRuntime,
  store: StateStore,
  dlq?: DlqRepository,
): Promise<ReconcileReport> {
  const sources = await readAll(flow.source, flow.spec.source.entity);
  const targets = await readAll(flow.target, flow.spec.target.entity);
  const refField = flow.target.definition.entities[flow.spec.target.entity]?.externalRefField;
  const sourceIds = sources.map((r) => r.id);
  const links = await store.findXrefs(flow.kind, flow.sourceSide, sourceIds);
  const targetIdOfLink = (id: string) => {
    const x = links.get(id);
    return x ? (flow.sourceSide === 'crm' ? x.erpId : x.crmId) : undefined;
  };
  const targetById = new Map(targets.map((t) => [t.id, t]));
  const byRef = new Map<string, ConnectorRecord[]>();
  if (refField) {
    for (const t of targets) {
      const ref = t.fields[refField];
      if (typeof ref === 'string' && ref !== '') byRef.set(ref, [...(byRef.get(ref) ?? []), t]);
    }
  }
  const references = await prefetchReferences(flow, sources, store);
  // Dedupe decisions (decision record 007): merged aliases have no target of their own on purpose.
  const merged = (await store.matching?.aliasesOf(flow.kind, sourceIds)) ?? new Map<string, string>();
  const reviews = (await store.matching?.reviewsOf(flow.name, sourceIds)) ?? new Map();
  const differences: ReconcileDifference[] = [];
  for (const source of sources) {
    if (merged.has(source.id)) continue;
    // Records the flow's `filter:` leaves out (a renewal flow and its non-renewal deals) are not owed a target.
    if (flow.mapping.accepts && !flow.mapping.accepts(source)) continue;
    const inDlq = (await dlq?.findOpen(flow.name, source.id)) !== undefined;
    const linked = targetIdOfLink(source.id);
    const matches = refField
      ? (byRef.get(source.id) ?? [])
      : linked && targetById.has(linked)
        ? [targetById.get(linked)!]
        : [];
    if (matches.length === 0) {
      const inReview = reviews.get(source.id)?.status === 'pending';
      differences.push({
        kind: 'missing',
        sourceId: source.id,
        targetIds: [],
        inDlq,
        ...(inReview ? { inReview } : {}),
      });
      continue;
    }
    if (matches.length > 1) {
      differences.push({ kind: 'duplicate', sourceId: source.id, targetIds: matches.map((m) => m.id), inDlq });
      continue;
    }
    const target = matches[0]!;
    let expected: Record<string, unknown>;
    try {
      expected = flow.mapping.map(source, { xref: (kind, id) => references.get(kind)?.get(id) });
    } catch (error) {
      const note = `cannot map the source: ${toIntegrationError(error).message}`;
      differences.push({ kind: 'mismatch', sourceId: source.id, targetIds: [target.id], inDlq, note });
      continue;
    }
    const fields = Object.entries(expected)
      .filter(([field, value]) => !sameValue(value, target.fields[field]))
      .map(([field, value]) => ({ field, expected: value, actual: target.fields[field] }));
    if (fields.length)
      differences.push({ kind: 'mismatch', sourceId: source.id, targetIds: [target.id], fields, inDlq });
  }
  const count = (kind: ReconcileDifference['kind']) => differences.filter((d) => d.kind === kind).length;
  return {
    flow: flow.name,
    sourceRecords: sources.length,
    targetRecords: targets.length,
    differences,
    counts: {
      missing: count('missing'),
      duplicate: count('duplicate'),
      mismatch: count('mismatch'),
      lost: differences.filter((d) => d.kind === 'missing' && !d.inDlq && !d.inReview).length,
      merged: merged.size,
    },
  };
}

async function readAll(connector: ConnectorInstance, entity: string): Promise<ConnectorRecord[]> {
  const list = requireCapability(connector, 'listChanges');
  const all: ConnectorRecord[] = [];
  let page = await list({ entity, since: null, limit: 100 });
  all.push(...page.records);
  while (page.nextPageToken) {
    page = await list({ entity, since: null, pageToken: page.nextPageToken, limit: 100 });
    all.push(...page.records);
  }
  // An inclusive, time-ordered read can return a record twice when it changed mid-read.
  return [...new Map(all.map((r) => [r.id, r])).values()];
}

// Systems without nulls store a blank as '' (Business Central); a mapping yields null for it.
function sameValue(expected: unknown, actual: unknown): boolean {
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  if (blank(expected) && blank(actual)) return true;
  if (typeof expected === 'string' && typeof actual === 'string') return expected === actual;
  return JSON.stringify(expected) === JSON.stringify(actual);
}
