import { AssociationGraph } from './association-graph';
import type { CrmChange, CrmObject, CrmSnapshot } from './crm-object';
import { type CrmEntry, CrmTable } from './crm-table';
import type { UpdatedFrom } from './updated-at-index';

/** Options of {@link CrmStore}. */
export interface CrmStoreOptions {
  /** Unique properties per object type, e.g. `{ contacts: ['email'] }`. */
  uniqueProperties?: Readonly<Record<string, readonly string[]>>;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/**
 * In-memory object store of the mock CRM: a {@link CrmTable} per object type (objects and their
 * indexes), associations, ids and the clock. Writes use a monotonic clock, so `updatedAt`
 * strictly increases per record and never goes backwards across the store.
 *
 * Returned objects are the stored ones: callers must copy before changing them.
 *
 * @example
 * const store = new CrmStore({ uniqueProperties: { contacts: ['email'] } });
 * const contact = store.create('contacts', { email: 'ann@example.com' });
 * store.update('contacts', contact.id, { firstname: 'Ann' });
 */
export class CrmStore {
  private readonly tables = new Map<string, CrmTable>();
  private readonly graph = new AssociationGraph();
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<(change: CrmChange) => void>();
  private readonly uniqueProperties: Readonly<Record<string, readonly string[]>>;
  private readonly now: () => number;
  private nextId = 1001;
  private clock = 0;
  private batchStamp: number | undefined;

  constructor(options: CrmStoreOptions = {}) {
    this.uniqueProperties = options.uniqueProperties ?? {};
    this.now = options.now ?? Date.now;
  }

  /** Rebuilds a store from {@link snapshot} output, e.g. a JSON file written by an earlier run. */
  static fromSnapshot(snapshot: CrmSnapshot, options: CrmStoreOptions = {}): CrmStore {
    if (snapshot.version !== 1) throw new Error(`unsupported mock CRM snapshot version ${String(snapshot.version)}`);
    const store = new CrmStore(options);
    for (const [type, objects] of Object.entries(snapshot.objects)) {
      const table = store.table(type);
      for (const object of objects) {
        // Own copies: a snapshot handed over in-process must not share objects with its source.
        const copy = { ...object, properties: { ...object.properties } };
        store.insert(table, copy, Date.parse(object.updatedAt));
      }
      table.sortIds();
    }
    for (const [fromType, fromId, toType, toId] of snapshot.associations)
      store.graph.add(fromType, fromId, toType, toId);
    store.nextId = Math.max(snapshot.nextId, store.nextId);
    store.clock = Math.max(snapshot.clock, store.clock);
    return store;
  }

  /**
   * Everything, JSON-safe, for persistence. It shares the stored objects (copying 100k
   * records would double the cost of every save): serialise it, do not change it.
   */
  snapshot(): CrmSnapshot {
    const objects: Record<string, CrmObject[]> = {};
    for (const [type, table] of this.tables) objects[type] = table.objects();
    return { version: 1, nextId: this.nextId, clock: this.clock, objects, associations: this.graph.pairs() };
  }

  /** Calls `listener` after every write (once per {@link writeBatch}); returns an unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with what changed, per object (webhooks); returns an unsubscribe. */
  onChange(listener: (change: CrmChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Tells change listeners about a change the store cannot see by itself (a merge). */
  announce(change: CrmChange): void {
    for (const listener of this.changeListeners) listener(change);
  }

  /**
   * Runs several writes under one timestamp, like one HubSpot batch call. Records of the
   * batch share `updatedAt`; the id tie-break keeps their order deterministic.
   */
  writeBatch<T>(fn: () => T): T {
    if (this.batchStamp !== undefined) return fn();
    this.batchStamp = this.nextStamp();
    try {
      return fn();
    } finally {
      this.batchStamp = undefined;
      this.notify();
    }
  }

  /** Object by id, archived ones included. */
  get(type: string, id: string): CrmObject | undefined {
    return this.tables.get(type)?.entry(id)?.object;
  }

  /** Object by the value of a unique property (case-insensitive, trimmed). */
  getByUnique(type: string, property: string, value: string): CrmObject | undefined {
    const id = this.tables.get(type)?.unique.get(property, value);
    return id === undefined ? undefined : this.get(type, id);
  }

  /** Non-archived objects of a type, in id order. */
  *live(type: string): Generator<CrmObject> {
    const table = this.tables.get(type);
    if (table) yield* table.live();
  }

  /**
   * Creates an object. `at`/`createdAt` (epoch ms) let the seed fix timestamps; otherwise the
   * store clock is used. Throws {@link UniqueValueConflict} when a unique value is taken.
   */
  create(
    type: string,
    properties: Record<string, string | null>,
    options: { at?: number; createdAt?: number } = {},
  ): CrmObject {
    const table = this.table(type);
    table.unique.assertFree(properties);
    const updatedMs = options.at ?? this.batchStamp ?? this.nextStamp();
    const created = new Date(options.createdAt ?? updatedMs).toISOString();
    const updated = new Date(updatedMs).toISOString();
    const id = String(this.nextId);
    const object: CrmObject = {
      id,
      properties: { ...properties, hs_object_id: id, createdate: created, hs_lastmodifieddate: updated },
      createdAt: created,
      updatedAt: updated,
      archived: false,
    };
    this.insert(table, object, updatedMs);
    this.notify();
    this.announce({ kind: 'creation', type, id, at: updatedMs, properties: object.properties });
    return object;
  }

  /**
   * Sets properties of an existing, non-archived object and bumps its `updatedAt`.
   * Returns undefined when there is no such object; throws {@link UniqueValueConflict}.
   */
  update(type: string, id: string, properties: Record<string, string | null>): CrmObject | undefined {
    const table = this.tables.get(type);
    const entry = table?.entry(id);
    if (!table || !entry || entry.object.archived) return undefined;
    table.unique.assertFree(properties, id);
    table.unique.remove(entry.object.properties, id);
    const changed = Object.keys(properties).filter((name) => entry.object.properties[name] !== properties[name]);
    Object.assign(entry.object.properties, properties);
    table.unique.add(entry.object.properties, id);
    this.touch(table, entry);
    this.notify();
    const changes = Object.fromEntries(changed.map((name) => [name, properties[name] ?? null]));
    if (changed.length) this.announce({ kind: 'propertyChange', type, id, at: entry.updatedMs, properties: changes });
    return entry.object;
  }

  /** Archives (soft-deletes) an object; returns it, or undefined when unknown. */
  archive(type: string, id: string): CrmObject | undefined {
    const table = this.tables.get(type);
    const entry = table?.entry(id);
    if (!table || !entry) return undefined;
    if (entry.object.archived) return entry.object;
    table.unique.remove(entry.object.properties, id);
    entry.object.archived = true;
    this.touch(table, entry);
    entry.object.archivedAt = entry.object.updatedAt;
    this.notify();
    this.announce({ kind: 'deletion', type, id, at: entry.updatedMs });
    return entry.object;
  }

  /** One page in id order: objects with an id greater than `after`. */
  listPage(
    type: string,
    options: { after?: number; limit: number; archived?: boolean },
  ): { objects: CrmObject[]; nextAfter?: string } {
    return this.tables.get(type)?.listPage(options) ?? { objects: [] };
  }

  /** Non-archived objects in (updatedAt, id) order, starting at `from`. */
  *scanUpdated(type: string, from: UpdatedFrom): Generator<CrmObject> {
    const table = this.tables.get(type);
    if (table) yield* table.scanUpdated(from);
  }

  /** How many objects {@link scanUpdated} would yield from `from`. */
  countUpdated(type: string, from: UpdatedFrom): number {
    return this.tables.get(type)?.countUpdated(from) ?? 0;
  }

  /**
   * Associates two objects (both directions) and, unless `touch` is false (seeding), bumps
   * both `updatedAt` so incremental syncs see it. False when either object is missing.
   */
  associate(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    options: { touch?: boolean } = {},
  ): boolean {
    if (!this.isLive(fromType, fromId) || !this.isLive(toType, toId)) return false;
    const added = this.graph.add(fromType, fromId, toType, toId);
    if (added && options.touch !== false) this.touchBoth(fromType, fromId, toType, toId);
    return true;
  }

  /** Removes an association (both directions); false when there was none. */
  dissociate(fromType: string, fromId: string, toType: string, toId: string): boolean {
    if (!this.graph.remove(fromType, fromId, toType, toId)) return false;
    this.touchBoth(fromType, fromId, toType, toId);
    return true;
  }

  /** Ids of `toType` objects associated with an object, ascending. */
  associations(type: string, id: string, toType: string): string[] {
    return this.graph.list(type, id, toType);
  }

  /** Next write timestamp: the wall clock, but always after the previous stamp. */
  nextStamp(): number {
    this.clock = Math.max(this.now(), this.clock + 1);
    return this.clock;
  }

  private table(type: string): CrmTable {
    let table = this.tables.get(type);
    if (!table) {
      table = new CrmTable(this.uniqueProperties[type] ?? []);
      this.tables.set(type, table);
    }
    return table;
  }

  private insert(table: CrmTable, object: CrmObject, updatedMs: number): void {
    table.insert(object, updatedMs);
    this.nextId = Math.max(this.nextId, Number(object.id) + 1);
    this.clock = Math.max(this.clock, updatedMs);
  }

  private touch(table: CrmTable, entry: CrmEntry): void {
    // Strictly increasing per record, even if the batch stamp equals its previous stamp.
    const ms = Math.max(this.batchStamp ?? this.nextStamp(), entry.updatedMs + 1);
    this.clock = Math.max(this.clock, ms);
    table.stamp(entry, ms);
  }

  private touchBoth(fromType: string, fromId: string, toType: string, toId: string): void {
    this.writeBatch(() => {
      for (const [type, id] of [
        [fromType, fromId],
        [toType, toId],
      ] as const) {
        const table = this.tables.get(type);
        const entry = table?.entry(id);
        if (table && entry && !entry.object.archived) this.touch(table, entry);
      }
    });
  }

  private isLive(type: string, id: string): boolean {
    const object = this.get(type, id);
    return object !== undefined && !object.archived;
  }

  private notify(): void {
    if (this.batchStamp !== undefined) return;
    for (const listener of this.listeners) listener();
  }
}
