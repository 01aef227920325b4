import type { ConnectorRecord, UpsertItem } from '../connectors';
import { type IntegrationError, toIntegrationError } from '../errors';
import { usedFields } from '../mapping';
import { copyHasNews } from '../ownership/copy-has-news';
import { isOwnEcho } from '../ownership/echo-check';
import { threeWayCompare } from '../ownership/three-way-compare';
import type { EchoWrite, FlowSnapshot, HistoryEntry, NewConflict, OwnershipStore, StateStore, Xref } from '../store';
import type { FlowRuntime } from './flow-runtime';
import { screenWriteMode } from './screen-write-mode';

/** A write sync-page is about to make (the fields of its `PendingWrite` the gate needs). */
export interface GateWrite {
  record: ConnectorRecord;
  item: UpsertItem;
  existing: Xref | undefined;
  sourceFingerprint: string;
  writtenFingerprint: string;
}

/** What {@link OwnershipGate.screen} decided for a record before it is mapped. */
export type ScreenResult =
  | { pass: true }
  /** Our own write coming back, or a create-once record already pushed: nothing to do. */
  | { pass: false; unchanged: true }
  /** Read but deliberately not written (filter, update-only without a target): history says why. */
  | { pass: false; skipped: HistoryEntry }
  | { pass: false; failed: IntegrationError };

const mappedSourceFields = new WeakMap<FlowRuntime['spec'], string[]>();

/**
 * The ownership engine's hooks into one page of `sync-page`: echo suppression, `filter:` and
 * `write:` before mapping; the three-way compare of updates against the target's current values
 * (one `readByIds` per page); and, after the write, snapshots, echo memory and conflicts.
 * Without an ownership store (`StateStore.ownership`) only filter and write mode apply.
 *
 * @example
 * const gate = await OwnershipGate.open(flow, store, records, existing);
 * const screen = gate.screen(record, existing.get(record.id));
 */
export class OwnershipGate {
  private readonly snapshotsOut: FlowSnapshot[] = [];
  private readonly echoesOut: EchoWrite[] = [];
  private readonly conflictsOut: NewConflict[] = [];
  private readonly nextBase = new Map<string, Record<string, unknown>>();
  private readonly touchedByOthers = new Set<string>();

  private constructor(
    private readonly flow: FlowRuntime,
    private readonly store: OwnershipStore | undefined,
    private readonly snapshots: Map<string, FlowSnapshot>,
    private readonly echoes: Map<string, EchoWrite>,
  ) {}

  /**
   * Loads the page's snapshots and echo memory. Links get this flow's own fingerprints, since a
   * reverse flow sharing the xref overwrites the row's.
   */
  static async open(
    flow: FlowRuntime,
    state: StateStore,
    records: readonly ConnectorRecord[],
    existing: Map<string, Xref>,
  ): Promise<OwnershipGate> {
    const store = state.ownership;
    if (!store || !records.length) return new OwnershipGate(flow, store, new Map(), new Map());
    const ids = records.map((r) => r.id);
    const [snapshots, echoes] = await Promise.all([
      store.snapshots(flow.name, ids),
      store.echoes(flow.source.role, flow.spec.source.entity, ids),
    ]);
    for (const [id, snap] of snapshots) {
      const link = existing.get(id);
      if (link)
        existing.set(id, {
          ...link,
          sourceFingerprint: snap.sourceFingerprint,
          writtenFingerprint: snap.writtenFingerprint,
        });
    }
    return new OwnershipGate(flow, store, snapshots, echoes);
  }

  /** Echo, filter and write mode, in that order (cheapest first); runs before mapping. */
  screen(record: ConnectorRecord, link: Xref | undefined, targetViaOtherLink = false): ScreenResult {
    if (isOwnEcho(record, this.echoes.get(record.id), this.sourceFields())) return { pass: false, unchanged: true };
    try {
      const verdict = screenWriteMode(this.flow, record, { linked: link !== undefined, targetViaOtherLink });
      if (verdict.pass) return verdict;
      if ('skipped' in verdict) return this.skip(record, verdict.skipped.code, verdict.skipped.reason);
      return { pass: false, unchanged: true };
    } catch (error) {
      return { pass: false, failed: toIntegrationError(error) };
    }
  }

  /**
   * Runs the three-way compare on the updates: reads their targets (one call), keeps the fields
   * the compare allows and records conflicts. Returns the writes still to send, and those left
   * with nothing to send (sync-page counts them unchanged and keeps their links). `found`: the
   * writes are to existing targets this page paired (external reference, dedupe match, another
   * link's `target.id`); they are compared like updates, so a field the target owns is not
   * overwritten as it would be on a create.
   */
  async compare(writes: GateWrite[], found = false): Promise<{ writes: GateWrite[]; settled: GateWrite[] }> {
    const { spec } = this.flow;
    const updates = writes.filter((w) => w.item.id !== undefined && (found || w.existing));
    for (const w of writes) if (!updates.includes(w)) this.nextBase.set(w.record.id, w.item.fields);
    if (!this.store || !updates.length) return { writes, settled: [] };
    const targetIds = updates.map((w) => w.item.id!);
    const [copies, lastWrites] = await Promise.all([
      this.readCopies(targetIds),
      this.store.echoes(this.flow.target.role, spec.target.entity, targetIds),
    ]);
    const now = Date.now();
    for (const id of targetIds) {
      // Someone changed the target since our last write: our write will not be all its news,
      // so it must not be suppressed as an echo when the reverse flow reads it.
      if (copyHasNews(copies.get(id), lastWrites.get(id), now)) this.touchedByOthers.add(id);
    }
    const ownerOf = (field: string) => spec.ownership.fields[field] ?? spec.ownership.master;
    const settled: GateWrite[] = [];
    for (const w of updates) {
      const snap = this.snapshots.get(w.record.id);
      const result = threeWayCompare({
        master: w.item.fields,
        base: snap?.values,
        copy: copies.get(w.item.id!)?.fields,
        create: false,
        ownerOf,
        policy: spec.ownership.conflictPolicy,
        accepted: snap?.accepted ?? {},
      });
      for (const c of result.conflicts) {
        this.conflictsOut.push({ flow: this.flow.name, sourceId: w.record.id, targetId: w.item.id!, ...c });
      }
      this.nextBase.set(w.record.id, result.nextBase);
      w.item.fields = result.write;
      if (!Object.keys(result.write).length) {
        settled.push(w);
        this.remember(w, w.item.id!);
      }
    }
    return { writes: writes.filter((w) => !settled.includes(w)), settled };
  }

  /**
   * Called per successful write with the target's answer: snapshot, and echo memory unless
   * someone else changed the target since our previous write (then the reverse flow must read it).
   * A target the bridge found (by external reference or a dedupe match) instead of creating or
   * updating through its link held values the bridge never wrote; the version our write got
   * covers them too, so only the written values are remembered, never the version: the reverse
   * flow still reads the rest (a found customer's credit limit, a found sale's state).
   */
  written(write: GateWrite, target: ConnectorRecord): void {
    this.remember(write, target.id);
    if (this.touchedByOthers.has(target.id)) return;
    const found = !write.existing && write.item.id !== undefined;
    this.echoesOut.push({
      system: this.flow.target.role,
      entity: this.flow.spec.target.entity,
      recordId: target.id,
      updatedAt: found ? null : target.updatedAt || null,
      values: write.item.fields,
    });
  }

  /** Stores what the page wrote and found; after `commitPage`, since a lost snapshot only costs a compare. */
  async save(): Promise<void> {
    if (!this.store) return;
    if (!this.snapshotsOut.length && !this.echoesOut.length && !this.conflictsOut.length) return;
    await this.store.recordPage(this.flow.name, {
      snapshots: this.snapshotsOut,
      echoes: this.echoesOut,
      conflicts: this.conflictsOut,
    });
  }

  /** Conflicts found on this page (for metrics). */
  get conflicts(): readonly NewConflict[] {
    return this.conflictsOut;
  }

  private remember(write: GateWrite, targetId: string): void {
    const snap = this.snapshots.get(write.record.id);
    this.snapshotsOut.push({
      sourceId: write.record.id,
      targetId,
      values: this.nextBase.get(write.record.id) ?? write.item.fields,
      accepted: snap?.accepted ?? {},
      sourceFingerprint: write.sourceFingerprint,
      writtenFingerprint: write.writtenFingerprint,
    });
  }

  private async readCopies(ids: string[]): Promise<Map<string, ConnectorRecord>> {
    const read = this.flow.target.methods.readByIds;
    if (!this.flow.target.definition.capabilities.includes('readByIds') || !read) return new Map();
    const records = await read.call(this.flow.target.methods, this.flow.spec.target.entity, ids);
    return new Map(records.map((r) => [r.id, r]));
  }

  private skip(record: ConnectorRecord, code: string, message: string): ScreenResult {
    return {
      pass: false,
      skipped: {
        sourceId: record.id,
        action: 'skipped',
        before: record.fields,
        mappingVersion: this.flow.mapping.version,
        errorCode: code,
        errorMessage: message,
      },
    };
  }

  private sourceFields(): string[] {
    let fields = mappedSourceFields.get(this.flow.spec);
    if (!fields) {
      fields = [...usedFields(this.flow.spec).source];
      mappedSourceFields.set(this.flow.spec, fields);
    }
    return fields;
  }
}
