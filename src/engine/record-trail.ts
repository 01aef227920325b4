import type { SystemRole } from '../connectors';
import type { HistoryEntry, StateStore, Xref } from '../store';

/** What {@link recordTrail} needs to know of a flow: its link kind and which side it reads. */
export interface TrailFlow {
  name: string;
  kind: string;
  sourceSide: SystemRole;
  spec: { source: { entity: string }; target: { entity: string } };
}

/** One flow a record takes part in: its pairing and every attempt, oldest first. */
export interface TrailEntry {
  flow: string;
  kind: string;
  /** Whether the record is read (source) or written (target) by this flow. */
  role: 'source' | 'target';
  entity: string;
  xref: Xref | null;
  history: (HistoryEntry & { runId: string | null; at: number })[];
}

/**
 * Everything the bridge knows about one record of one system: each flow that reads or writes
 * it, its cross-reference there, and each sync attempt (before/after, mapping version, error).
 * History is keyed by source id, so for a flow that writes the record the partner found
 * through the xref is looked up; a record never paired shows only where it is the source.
 *
 * @example
 * const trail = await recordTrail(store, flows, { system: 'erp', id: 'C00042' });
 * trail.map((t) => `${t.flow} ${t.role} ${t.history.length} attempt(s)`);
 */
export async function recordTrail(
  store: StateStore,
  flows: readonly TrailFlow[],
  record: { system: SystemRole; id: string; entity?: string; flow?: string },
): Promise<TrailEntry[]> {
  const out: TrailEntry[] = [];
  for (const flow of flows) {
    if (record.flow !== undefined && flow.name !== record.flow) continue;
    const role = flow.sourceSide === record.system ? 'source' : 'target';
    const entity = role === 'source' ? flow.spec.source.entity : flow.spec.target.entity;
    if (record.entity !== undefined && entity !== record.entity) continue;
    const xref = (await store.findXrefs(flow.kind, record.system, [record.id])).get(record.id) ?? null;
    const sourceId = role === 'source' ? record.id : xref && (flow.sourceSide === 'crm' ? xref.crmId : xref.erpId);
    const history = sourceId ? await store.history(flow.name, sourceId) : [];
    if (xref || history.length) out.push({ flow: flow.name, kind: flow.kind, role, entity, xref, history });
  }
  return out;
}
