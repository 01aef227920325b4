import type { ConnectorRecord } from '../connectors';
import { IntegrationError, toIntegrationError } from '../errors';
import type { HistoryEntry, XrefWrite } from '../store';
import type { ArchivePlan } from './archive-plan';
import type { FlowRuntime } from './flow-runtime';

/** The part of a sync page's outcome that archiving records into. */
interface ArchiveOutcome {
  readonly links: XrefWrite[];
  readonly history: HistoryEntry[];
  readonly counts: { updated: number };
  readonly retryLater: { record: ConnectorRecord; error: IntegrationError }[];
  fail(record: ConnectorRecord, error: IntegrationError, mappingVersion: string): void;
}

/**
 * Archives the targets of archived source records (`archive: archive`) through the target
 * connector's `archiveByIds`. A target connector without it fails the record with
 * `archive_unsupported` (a configuration problem a person must see), never silently.
 *
 * @example
 * await archiveTargets(flow, plan.archives, outcome);
 */
export async function archiveTargets(
  flow: FlowRuntime,
  archives: ArchivePlan['archives'],
  outcome: ArchiveOutcome,
): Promise<void> {
  const archive = flow.target.methods.archiveByIds;
  const version = flow.mapping.version;
  for (const { record, targetId, sourceFingerprint } of archives) {
    try {
      if (!archive) {
        throw new IntegrationError(
          'archive_unsupported',
          `connector ${flow.target.name} cannot archive ${flow.spec.target.entity} records`,
        );
      }
      const [result] = await archive(flow.spec.target.entity, [targetId]);
      if (result && !result.ok) throw result.error;
    } catch (error) {
      const failure = toIntegrationError(error);
      if (failure.retryable) outcome.retryLater.push({ record, error: failure });
      else outcome.fail(record, failure, version);
      continue;
    }
    outcome.counts.updated++;
    outcome.links.push({
      sourceId: record.id,
      targetId,
      sourceFingerprint,
      writtenFingerprint: '',
      mappingVersion: version,
    });
    outcome.history.push({
      sourceId: record.id,
      targetId,
      action: 'updated',
      after: { archived: true },
      mappingVersion: version,
    });
  }
}
