import { requireCapability } from '../connectors';
import { IntegrationError } from '../errors';
import type { Conflict, ConflictDecision, StateStore } from '../store';
import type { FlowRuntime } from './flow-runtime';

/**
 * Settles an open conflict (docs/decisions/011-ownership-and-conflicts.md). `keep: 'master'`
 * writes the master value to the copy now, then marks it resolved; `keep: 'copy'` writes nothing
 * and records the copy's value as accepted, so syncs leave it until the master value changes.
 *
 * @example
 * await resolveConflict({ flows, store }, 7, { keep: 'copy', by: 'admin-api', note: 'agreed with finance' });
 */
export async function resolveConflict(
  deps: { flows: readonly FlowRuntime[]; store: StateStore },
  id: number,
  decision: ConflictDecision,
): Promise<Conflict> {
  const ownership = deps.store.ownership;
  if (!ownership) throw new IntegrationError('not_found', 'this bridge keeps no conflicts', { status: 404 });
  const conflict = await ownership.getConflict(id);
  if (!conflict) throw new IntegrationError('not_found', `no conflict ${id}`, { status: 404 });
  if (conflict.status !== 'open') {
    throw new IntegrationError('conflict_resolved', `conflict ${id} is already resolved (${conflict.resolution})`, {
      status: 409,
    });
  }
  if (decision.keep === 'master') {
    const flow = deps.flows.find((f) => f.name === conflict.flow);
    if (!flow) throw new IntegrationError('not_found', `flow ${conflict.flow} is not running here`, { status: 404 });
    const upsert = requireCapability(flow.target, 'upsertBatch');
    const fields = { [conflict.field]: conflict.master };
    const [result] = await upsert(flow.spec.target.entity, [{ key: conflict.sourceId, id: conflict.targetId, fields }]);
    if (!result?.ok) throw result?.error ?? new IntegrationError('internal', 'no answer to the write');
    // Our own write: the target's change feed must not bring it back as a change.
    await ownership.recordPage(flow.name, {
      snapshots: [],
      echoes: [
        {
          system: flow.target.role,
          entity: flow.spec.target.entity,
          recordId: result.record.id,
          updatedAt: result.record.updatedAt || null,
          values: fields,
        },
      ],
      conflicts: [],
    });
  }
  return ownership.resolveConflict(id, decision);
}
