import { z } from 'zod';
import type { ConnectorRecord } from '../connectors';
import { requireCapability } from '../connectors';
import { IntegrationError, toIntegrationError } from '../errors';
import type { StateStore } from '../store';
import type { FlowRuntime } from './flow-runtime';
import { screenWriteMode, type WriteModeVerdict } from './screen-write-mode';
import { prefetchReferences } from './sync-page';
import { lookUpTargetIds, type TargetIdOutcome } from './target-id-lookup';

/**
 * Which source records to preview: given records (a sample file), ids, the next N changes since
 * the flow's cursor, or the first N records whatever the cursor (after a full sync "next" is
 * usually empty, and a mapping edit still changes every record).
 */
export type PreviewSource = { records: ConnectorRecord[] } | { ids: string[] } | { next: number } | { first: number };

/** What a sync would do with one record. */
export type PreviewAction = 'create' | 'update' | 'no-op' | 'skipped' | 'refused' | 'failed';

/** One field whose target value would change. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** Set when the ownership rules keep this field from being written. */
  refused?: string;
}

/** The preview of one source record. */
export interface PreviewRow {
  sourceId: string;
  action: PreviewAction;
  targetId?: string;
  /** The mapped target fields, exactly as the sync would send them (ownership-refused fields removed). */
  payload?: Record<string, unknown>;
  /** Field-by-field differences against the current target record (every field for a create). */
  changes: FieldChange[];
  /** Why the record is skipped (filter, write mode), unchanged by write mode, refused or failed. */
  reason?: string;
  errorCode?: string;
}

/**
 * Dry run of a flow: applies `filter:` and `write:` as a run would (a filtered record is
 * `skipped`, a linked `create-once` record `no-op`, both with the reason), maps the rest and
 * compares them with the current target records (found through the xref store or `target.id`,
 * read with `readByIds`). Never writes: it calls only `listChanges`/`readByIds` on connectors
 * and only reads the store.
 *
 * @example
 * const rows = await previewFlow(flow, store, { ids: ['101'] });
 * rows[0] // { sourceId: '101', action: 'update', changes: [{ field: 'city', before: 'Berlin', after: 'Munich' }] }
 */
export async function previewFlow(flow: FlowRuntime, store: StateStore, from: PreviewSource): Promise<PreviewRow[]> {
  const records = await sourceRecords(flow, store, from);
  if (records.length === 0) return [];
  const links = await store.findXrefs(
    flow.kind,
    flow.sourceSide,
    records.map((r) => r.id),
  );
  const references = await prefetchReferences(flow, records, store);
  const targets = await lookUpTargetIds(flow, records, store);
  const via = (record: ConnectorRecord) => targets?.(record);
  const targetIdOf = (record: ConnectorRecord) => {
    const found = via(record);
    if (found && 'id' in found) return found.id;
    const link = links.get(record.id);
    return link && (flow.sourceSide === 'crm' ? link.erpId : link.crmId);
  };
  const targetIds = [...new Set(records.map(targetIdOf).filter((id): id is string => id !== undefined))];
  const current = new Map<string, ConnectorRecord>();
  if (targetIds.length) {
    const read = requireCapability(flow.target, 'readByIds');
    for (const record of await read(flow.spec.target.entity, targetIds)) current.set(record.id, record);
  }
  const full = flow.source.definition.entities[flow.spec.source.entity]?.schema;
  // A sample file holds the fields someone cared to type; absent ones count as empty there.
  const schema = 'records' in from && full instanceof z.ZodObject ? full.partial() : full;

  return records.map((record): PreviewRow => {
    const valid = schema?.safeParse(record.fields);
    if (valid && !valid.success) {
      const issue = valid.error.issues[0];
      const reason = `record ${record.id}, field ${issue?.path.join('.')}: ${issue?.message}`;
      return { sourceId: record.id, action: 'failed', changes: [], reason, errorCode: 'record_invalid' };
    }
    const link = links.get(record.id);
    const targetId = targetIdOf(record);
    const screened = screen(flow, record, link !== undefined, via(record));
    if (screened) return { sourceId: record.id, ...(targetId ? { targetId } : {}), changes: [], ...screened };
    let payload: Record<string, unknown>;
    try {
      payload = flow.mapping.map(record, { xref: (kind, id) => references.get(kind)?.get(id) });
    } catch (error) {
      return { sourceId: record.id, action: 'failed', changes: [], ...failure(error) };
    }
    const target = targetId === undefined ? undefined : current.get(targetId);
    return judge(flow, record.id, payload, targetId, target);
  });
}

/** What a run would do before mapping: filter, write mode, an unresolved `target.id`; undefined when it maps. */
function screen(
  flow: FlowRuntime,
  record: ConnectorRecord,
  linked: boolean,
  via: TargetIdOutcome | undefined,
): Pick<PreviewRow, 'action' | 'reason' | 'errorCode'> | undefined {
  let verdict: WriteModeVerdict;
  try {
    verdict = screenWriteMode(flow, record, { linked, targetViaOtherLink: via !== undefined });
  } catch (error) {
    return { action: 'failed', ...failure(error) };
  }
  if (!verdict.pass) {
    if ('skipped' in verdict)
      return { action: 'skipped', reason: verdict.skipped.reason, errorCode: verdict.skipped.code };
    return { action: 'no-op', reason: verdict.unchanged };
  }
  if (via && 'error' in via && !linked) return { action: 'failed', ...failure(via.error) };
  return undefined;
}

function failure(error: unknown): { reason: string; errorCode: string } {
  const failed = toIntegrationError(error);
  const reason = failed.retryable ? `${failed.message} (the sync would wait and retry)` : failed.message;
  return { reason, errorCode: failed.code };
}

function judge(
  flow: FlowRuntime,
  sourceId: string,
  payload: Record<string, unknown>,
  targetId: string | undefined,
  target: ConnectorRecord | undefined,
): PreviewRow {
  const { master, fields: owners } = flow.spec.ownership;
  const ownerOf = (field: string) => owners[field] ?? master;
  const exists = target !== undefined;
  const changes: FieldChange[] = [];
  const allowed: Record<string, unknown> = {};
  for (const [field, after] of Object.entries(payload)) {
    const before = target?.fields[field];
    const refused = ownerOf(field) === 'target' ? `${flow.spec.target.connector} owns ${field}` : undefined;
    if (!refused) allowed[field] = after;
    if (exists && sameValue(before, after)) continue;
    changes.push({ field, before: exists ? before : undefined, after, ...(refused ? { refused } : {}) });
  }
  const base = { sourceId, ...(targetId ? { targetId } : {}) };
  if (!exists) {
    if (master === 'target') {
      const reason = `${flow.spec.target.connector} masters ${flow.spec.target.entity} records; the copy side never creates them`;
      return { ...base, action: 'refused', changes, reason, errorCode: 'ownership_refused' };
    }
    return { ...base, action: 'create', payload: allowed, changes };
  }
  const writable = changes.filter((c) => !c.refused);
  if (writable.length > 0) return { ...base, action: 'update', payload: allowed, changes };
  if (changes.length > 0) {
    const reason = `every changed field is owned by ${flow.spec.target.connector}: ${changes.map((c) => c.field).join(', ')}`;
    return { ...base, action: 'refused', payload: allowed, changes, reason, errorCode: 'ownership_refused' };
  }
  return { ...base, action: 'no-op', payload: allowed, changes };
}

/** Target systems store "no value" as '' (Business Central) or null (HubSpot): both are equal here. */
function sameValue(a: unknown, b: unknown): boolean {
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  if (blank(a) && blank(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

async function sourceRecords(flow: FlowRuntime, store: StateStore, from: PreviewSource): Promise<ConnectorRecord[]> {
  if ('records' in from) return from.records;
  const entity = flow.spec.source.entity;
  if ('ids' in from) {
    const found = await requireCapability(flow.source, 'readByIds')(entity, from.ids);
    const missing = from.ids.filter((id) => !found.some((r) => r.id === id));
    if (missing.length) {
      throw new IntegrationError(
        'not_found',
        `${flow.spec.source.connector}.${entity} has no record ${missing.join(', ')}`,
      );
    }
    return found;
  }
  const list = requireCapability(flow.source, 'listChanges');
  const wanted = 'next' in from ? from.next : from.first;
  const since = 'next' in from ? await store.getCursor(flow.name) : null;
  const out: ConnectorRecord[] = [];
  let pageToken: string | undefined;
  do {
    const page = await list({
      entity,
      since,
      limit: Math.min(100, wanted - out.length),
      ...(pageToken ? { pageToken } : {}),
    });
    out.push(...page.records);
    pageToken = page.nextPageToken;
  } while (pageToken && out.length < wanted);
  return out.slice(0, wanted);
}
