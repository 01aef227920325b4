import { EMPTY_GUID, ENTITY_SETS } from './erp-entities';
import { ErpTable, type StoredRecord } from './erp-table';
import { SeededRandom } from './seeded-random';

/** The one company of the mock, shaped like a BC v2.0 `companies` entry. */
export interface ErpCompany {
  id: string;
  systemVersion: string;
  name: string;
  displayName: string;
  businessProfileId: string;
  systemCreatedAt: string;
  systemCreatedBy: string;
  systemModifiedAt: string;
  systemModifiedBy: string;
}

/** What {@link ErpStore.snapshot} returns; plain JSON, so it can be written to a file. */
export interface ErpSnapshot {
  format: 'mock-erp-snapshot/1';
  companyId: string;
  rngState: number;
  lastTimestamp: number;
  writeSeq: number;
  createSeq: number;
  tables: Record<string, { counter: number; records: StoredRecord[] }>;
}

/** A committed write, as seen by {@link ErpStore.subscribe} listeners. */
export interface StoreChange {
  set: string;
  id: string;
  kind: 'create' | 'update' | 'delete';
}

/** Options of {@link ErpStore}. */
export interface ErpStoreOptions {
  /** PRNG seed for GUIDs; the same seed gives the same ids. Default 1. */
  seed?: number;
  /** Clock in epoch ms; tests pin it. Default `Date.now`. */
  now?: () => number;
}

/** Fixed so configuration and tests can name the company without asking first. */
export const COMPANY_ID = 'b1c8f0a4-5d2e-4f17-9c3a-0e6d7a2b4c91';

/**
 * The mock ERP's in-memory database: one company, one {@link ErpTable} per entity set.
 * Assigns what BC assigns (GUID id, `number` from a series, strictly increasing
 * `lastModifiedDateTime`, a new etag on every write) and trusts its caller for validation.
 *
 * @example
 * const store = new ErpStore({ seed: 7 });
 * const created = store.create('customers', { displayName: 'Adatum Corporation' });
 * store.update('customers', created.data.id as string, { city: 'Atlanta' });
 */
export class ErpStore {
  readonly company: ErpCompany;
  private readonly random: SeededRandom;
  private readonly now: () => number;
  private readonly tables = new Map<string, ErpTable>();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private lastTimestamp = 0;
  private writeSeq = 0;
  private createSeq = 0;

  constructor(options: ErpStoreOptions = {}) {
    this.random = new SeededRandom(options.seed ?? 1);
    this.now = options.now ?? Date.now;
    this.company = {
      id: COMPANY_ID,
      systemVersion: '24.0.16410.18056',
      name: 'CRONUS USA, Inc.',
      displayName: 'CRONUS USA, Inc.',
      businessProfileId: '',
      systemCreatedAt: '2026-01-01T00:00:00Z',
      systemCreatedBy: EMPTY_GUID,
      systemModifiedAt: '2026-01-01T00:00:00Z',
      systemModifiedBy: EMPTY_GUID,
    };
    for (const [name, def] of Object.entries(ENTITY_SETS)) this.tables.set(name, new ErpTable(def));
  }

  /** The table of an entity set; throws for a set the mock does not serve. */
  table(set: string): ErpTable {
    const table = this.tables.get(set);
    if (!table) throw new Error(`mock ERP has no entity set "${set}"`);
    return table;
  }

  /** A record by id (case-insensitive), or undefined. */
  get(set: string, id: string): StoredRecord | undefined {
    return this.table(set).get(id);
  }

  /** True when a record of `set` has this id or number; used for reference checks. */
  exists(set: string, by: 'id' | 'number', value: string): boolean {
    const table = this.tables.get(set);
    if (!table) return false;
    return by === 'id' ? table.get(value) !== undefined : (table.lookup('number', value)?.size ?? 0) > 0;
  }

  /** Creates a record from validated values; assigns id, number, timestamp and etag. */
  create(set: string, values: Readonly<Record<string, unknown>>): StoredRecord {
    const table = this.table(set);
    const { prefix, digits, step, offset = 0 } = table.def.numberSeries;
    table.counter += 1;
    const id = this.random.uuid();
    const number = `${prefix}${String(offset + table.counter * step).padStart(digits, '0')}`;
    const stamp = this.nextWrite();
    const data: Record<string, unknown> = {};
    for (const name of Object.keys(table.def.fields)) {
      if (name === 'id') data.id = id;
      else if (name === 'number') data.number = number;
      else if (name === 'lastModifiedDateTime') data.lastModifiedDateTime = stamp.at;
      else if (name in values) data[name] = values[name];
    }
    this.createSeq += 1;
    const record: StoredRecord = { data, etag: stamp.etag, createdSeq: this.createSeq, modSeq: stamp.seq };
    table.put(record);
    this.emit({ set, id, kind: 'create' });
    return record;
  }

  /** Applies validated changes; undefined when the record does not exist. */
  update(set: string, id: string, changes: Readonly<Record<string, unknown>>): StoredRecord | undefined {
    const table = this.table(set);
    const previous = table.get(id);
    if (!previous) return undefined;
    const stamp = this.nextWrite();
    const data = { ...previous.data, ...changes, lastModifiedDateTime: stamp.at };
    const record: StoredRecord = { data, etag: stamp.etag, createdSeq: previous.createdSeq, modSeq: stamp.seq };
    table.put(record);
    this.emit({ set, id: record.data.id as string, kind: 'update' });
    return record;
  }

  /** Deletes a record; false when it did not exist. */
  delete(set: string, id: string): boolean {
    const removed = this.table(set).remove(id);
    if (removed) this.emit({ set, id: removed.data.id as string, kind: 'delete' });
    return removed !== undefined;
  }

  /** Today's date (`YYYY-MM-DD`, UTC) on the store's clock, for document dates. */
  today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  /** Registers a listener for committed writes (persistence); returns the unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A JSON-safe copy of everything needed to continue exactly where the store is now. */
  snapshot(): ErpSnapshot {
    const tables: ErpSnapshot['tables'] = {};
    for (const [name, table] of this.tables)
      tables[name] = { counter: table.counter, records: [...table.byCreation()] };
    return {
      format: 'mock-erp-snapshot/1',
      companyId: this.company.id,
      rngState: this.random.getState(),
      lastTimestamp: this.lastTimestamp,
      writeSeq: this.writeSeq,
      createSeq: this.createSeq,
      tables,
    };
  }

  /** Replaces the whole content with a snapshot taken by {@link snapshot}. */
  restore(snapshot: ErpSnapshot): void {
    if (snapshot.format !== 'mock-erp-snapshot/1') throw new Error(`unknown snapshot format "${snapshot.format}"`);
    this.random.setState(snapshot.rngState);
    this.lastTimestamp = snapshot.lastTimestamp;
    this.writeSeq = snapshot.writeSeq;
    this.createSeq = snapshot.createSeq;
    for (const [name, def] of Object.entries(ENTITY_SETS)) {
      const table = new ErpTable(def);
      const saved = snapshot.tables[name];
      if (saved) {
        table.counter = saved.counter;
        table.load(saved.records);
      }
      this.tables.set(name, table);
    }
  }

  private nextWrite(): { seq: number; at: string; etag: string } {
    // Strictly increasing even when many writes share a millisecond, so `gt` cursors never skip one.
    this.lastTimestamp = Math.max(this.now(), this.lastTimestamp + 1);
    this.writeSeq += 1;
    const digits = String(this.writeSeq);
    const etag = `W/"${Buffer.from(`'${digits.length};${digits};00;'`).toString('base64')}"`;
    return { seq: this.writeSeq, at: new Date(this.lastTimestamp).toISOString(), etag };
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
