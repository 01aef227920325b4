import type { CrmObject } from './crm-object';
import { UniqueIndex } from './unique-index';
import { UpdatedAtIndex, type UpdatedFrom } from './updated-at-index';

/** One stored object with its numeric id and last-modified time. */
export interface CrmEntry {
  object: CrmObject;
  num: number;
  updatedMs: number;
}

/**
 * The objects of one type in the mock CRM with the indexes that keep list and search O(page)
 * instead of O(store): ids ascending for list paging, (updatedAt, id) for incremental search,
 * and the unique values. The store ({@link CrmStore}) owns the clock and the ids; a table only
 * files what it is given.
 *
 * @example
 * const table = new CrmTable(['email']);
 * table.insert({ id: '1001', properties: { email: 'ann@example.com' }, createdAt, updatedAt, archived: false }, Date.now());
 * table.listPage({ limit: 10 }); // { objects: [ ...1001 ] }
 */
export class CrmTable {
  private readonly entries = new Map<string, CrmEntry>();
  /** Numeric ids ascending; ids only grow, so appends keep it sorted. */
  private readonly ids: number[] = [];
  private readonly byUpdated = new UpdatedAtIndex();
  readonly unique: UniqueIndex;

  constructor(uniqueProperties: readonly string[]) {
    this.unique = new UniqueIndex(uniqueProperties);
  }

  /** The entry of an id, archived ones included. */
  entry(id: string): CrmEntry | undefined {
    return this.entries.get(id);
  }

  /** Files an object as it is (a new one, or one restored from a snapshot). */
  insert(object: CrmObject, updatedMs: number): void {
    const num = Number(object.id);
    this.entries.set(object.id, { object, num, updatedMs });
    this.ids.push(num);
    this.byUpdated.push({ ms: updatedMs, num });
    if (object.archived) this.byUpdated.markStale();
    else this.unique.add(object.properties, object.id);
  }

  /** Restores id order after inserting a snapshot's objects, which need not be sorted. */
  sortIds(): void {
    this.ids.sort((a, b) => a - b);
  }

  /** Gives an entry a new last-modified time, `ms`, and moves it in the (updatedAt, id) index. */
  stamp(entry: CrmEntry, ms: number): void {
    entry.updatedMs = ms;
    entry.object.updatedAt = new Date(ms).toISOString();
    entry.object.properties.hs_lastmodifieddate = entry.object.updatedAt;
    this.byUpdated.markStale();
    this.byUpdated.push({ ms, num: entry.num });
  }

  /** Every object, archived ones included, in id order. */
  objects(): CrmObject[] {
    return this.ids.map((num) => this.entries.get(String(num))!.object);
  }

  /** Non-archived objects in id order. */
  *live(): Generator<CrmObject> {
    for (const num of this.ids) {
      const object = this.entries.get(String(num))!.object;
      if (!object.archived) yield object;
    }
  }

  /** One page in id order: objects with an id greater than `after`. */
  listPage(options: { after?: number; limit: number; archived?: boolean }): {
    objects: CrmObject[];
    nextAfter?: string;
  } {
    const archived = options.archived ?? false;
    const objects: CrmObject[] = [];
    const start = options.after === undefined ? 0 : upperBound(this.ids, options.after);
    for (let i = start; i < this.ids.length; i++) {
      const object = this.entries.get(String(this.ids[i]))!.object;
      if (object.archived !== archived) continue;
      if (objects.length === options.limit) return { objects, nextAfter: objects[objects.length - 1]!.id };
      objects.push(object);
    }
    return { objects };
  }

  /** Non-archived objects in (updatedAt, id) order, starting at `from`. */
  *scanUpdated(from: UpdatedFrom): Generator<CrmObject> {
    const keys = this.liveKeys();
    for (let i = this.byUpdated.position(keys, from); i < keys.length; i++) {
      yield this.entries.get(String(keys[i]!.num))!.object;
    }
  }

  /** How many objects {@link scanUpdated} would yield from `from`. */
  countUpdated(from: UpdatedFrom): number {
    const keys = this.liveKeys();
    return keys.length - this.byUpdated.position(keys, from);
  }

  private liveKeys() {
    return this.byUpdated.keys((key) => {
      const entry = this.entries.get(String(key.num))!;
      return !entry.object.archived && entry.updatedMs === key.ms;
    });
  }
}

/** Index of the first element of ascending `sorted` greater than `value`. */
function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
