/** One key of the index: last-modified time and numeric id (the tie-break). */
export interface IndexKey {
  ms: number;
  num: number;
}

/** Where a scan of the index starts. */
export interface UpdatedFrom extends IndexKey {
  /** Include the key equal to (ms, num) itself. */
  inclusive: boolean;
}

const compareKeys = (a: IndexKey, b: IndexKey): number => a.ms - b.ms || a.num - b.num;

/**
 * Keys (updatedAt, id) of one object type in ascending order, so incremental search walks
 * only the changed tail instead of sorting the whole store per request. Writes append a new
 * key and leave the superseded one behind; `keys()` drops those lazily in one linear pass,
 * which keeps a write O(1) and bulk loads (seed, restore) fast.
 *
 * @example
 * const index = new UpdatedAtIndex();
 * index.push({ ms: 1000, num: 7 });
 * index.position(index.keys(() => true), { ms: 1000, num: 0, inclusive: true }); // 0
 */
export class UpdatedAtIndex {
  private list: IndexKey[] = [];
  private stale = 0;
  private unsorted = false;

  /** Adds a key; out-of-order keys (seeding, same-ms batches) are sorted on the next read. */
  push(key: IndexKey): void {
    const last = this.list[this.list.length - 1];
    if (last && compareKeys(last, key) > 0) this.unsorted = true;
    this.list.push(key);
  }

  /** Records that a key pushed earlier no longer describes its object. */
  markStale(): void {
    this.stale++;
  }

  /** The sorted live keys; `isCurrent` says whether a key still describes a live object. */
  keys(isCurrent: (key: IndexKey) => boolean): readonly IndexKey[] {
    if (this.unsorted) {
      // Nearly sorted input: V8's TimSort handles it in about linear time.
      this.list.sort(compareKeys);
      this.unsorted = false;
    }
    if (this.stale > 0) {
      this.list = this.list.filter(isCurrent);
      this.stale = 0;
    }
    return this.list;
  }

  /** Index of the first key at or after `from` in `keys` (binary search). */
  position(keys: readonly IndexKey[], from: UpdatedFrom): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(keys[mid]!, from);
      if (c < 0 || (c === 0 && !from.inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
