import type { ErpStore, StoreChange } from './erp-store';

/** One committed write as `/__admin/changes` reports it. */
export interface FeedEntry extends StoreChange {
  /** Feed position: pass the last one seen as `since` to get only newer writes. */
  seq: number;
  /** Wall-clock epoch ms at commit (not the store's pinned clock: it times real latency). */
  at: number;
}

/**
 * The last `capacity` committed writes of an {@link ErpStore}, with their wall-clock commit
 * time, for benchmarks and tests that must know *when* the ERP was written (webhook latency)
 * without polling every record. Bounded so a long-running mock does not grow without end.
 *
 * @example
 * const feed = new WriteFeed(store);
 * const { entries, last } = feed.since(0, 'customers');
 */
export class WriteFeed {
  private entries: FeedEntry[] = [];
  private seq = 0;
  private readonly unsubscribe: () => void;

  constructor(
    store: ErpStore,
    private readonly capacity = 50_000,
  ) {
    this.unsubscribe = store.subscribe((change) => {
      this.entries.push({ ...change, seq: ++this.seq, at: Date.now() });
      // Trim in chunks: a splice per write would make every write O(capacity).
      if (this.entries.length > this.capacity * 1.5) this.entries = this.entries.slice(-this.capacity);
    });
  }

  /** Writes after position `since`, of one entity set when given; `last` is the newest position. */
  since(since: number, set?: string): { entries: FeedEntry[]; last: number } {
    const newer = this.entries.filter((e) => e.seq > since && (!set || e.set === set));
    return { entries: newer, last: this.seq };
  }

  close(): void {
    this.unsubscribe();
  }
}
