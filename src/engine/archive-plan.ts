import type { ConnectorRecord, UpsertItem } from '../connectors';
import type { HistoryEntry, Xref } from '../store';
import { fingerprint } from './fingerprint';
import type { FlowRuntime } from './flow-runtime';

/** What to do with a page's archived source records; the caller performs the writes. */
export interface ArchivePlan {
  /** Target updates of an `archive: { fields }` rule, keyed by source id like any upsert. */
  updates: { record: ConnectorRecord; item: UpsertItem; sourceFingerprint: string; writtenFingerprint: string }[];
  /** Target ids to archive (`archive: archive`), with their source records. */
  archives: { record: ConnectorRecord; targetId: string; sourceFingerprint: string }[];
  /** Read, deliberately not written: rule `ignore`, no linked target, or already applied. */
  history: HistoryEntry[];
  skipped: number;
  unchanged: number;
}

/**
 * Decides what archived source records do to their targets under the flow's `archive:` rule
 * (decision 010). Only linked targets are touched: an archived record never creates anything.
 * A record whose archive was already applied (same fingerprint) is unchanged, so a poll that
 * re-reads it, or a redelivered deletion event, writes nothing. Pure.
 *
 * @example
 * const plan = planArchives(flow, records.filter((r) => r.archived), existingLinks);
 */
export function planArchives(flow: FlowRuntime, records: ConnectorRecord[], links: Map<string, Xref>): ArchivePlan {
  const plan: ArchivePlan = { updates: [], archives: [], history: [], skipped: 0, unchanged: 0 };
  const rule = flow.spec.archive;
  const version = flow.mapping.version;
  for (const record of records) {
    const link = links.get(record.id);
    // Only the fact of the archive matters: fields of a deleted record may be empty.
    const sourceFingerprint = fingerprint({ archived: true, rule });
    if (link?.sourceFingerprint === sourceFingerprint) {
      plan.unchanged++;
      continue;
    }
    if (rule === 'ignore' || !link) {
      plan.skipped++;
      plan.history.push({
        sourceId: record.id,
        action: 'skipped',
        before: record.fields,
        mappingVersion: version,
        errorMessage: link ? 'archived in the source; the flow ignores archives' : 'archived in the source; not linked',
      });
      continue;
    }
    const targetId = flow.sourceSide === 'crm' ? link.erpId : link.crmId;
    if (rule === 'archive') {
      plan.archives.push({ record, targetId, sourceFingerprint });
      continue;
    }
    const fields = Object.fromEntries(Object.entries(rule.fields).map(([name, { const: value }]) => [name, value]));
    plan.updates.push({
      record,
      item: { key: record.id, id: targetId, fields },
      sourceFingerprint,
      writtenFingerprint: fingerprint(fields),
    });
  }
  return plan;
}
