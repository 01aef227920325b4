/**
 * A small seeded PRNG (mulberry32). The mock ERP draws every GUID, every fault roll and all
 * seed data from one of these, so a test run with the same seed sees the same ids and the
 * same failures, and a snapshot can carry the state to continue the sequence after restart.
 *
 * @example
 * const random = new SeededRandom(42);
 * random.uuid(); // same value on every run with seed 42
 */
export class SeededRandom {
  private state: number;

  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  /** The internal state, to store in a snapshot. */
  getState(): number {
    return this.state;
  }

  /** Continues a sequence saved with {@link getState}. */
  setState(state: number): void {
    this.state = state >>> 0;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** One element of a non-empty array. */
  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)] as T;
  }

  /** A lowercase RFC 4122 version-4 GUID, the shape Business Central uses for SystemId. */
  uuid(): string {
    const a = this.nextUint32();
    const b = this.nextUint32();
    const c = this.nextUint32();
    const d = this.nextUint32();
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const h1 = hex(a);
    const h2 = hex(((b & 0xffff0fff) | 0x00004000) >>> 0);
    const h3 = hex(((c & 0x3fffffff) | 0x80000000) >>> 0);
    const h4 = hex(d);
    return `${h1}-${h2.slice(0, 4)}-${h2.slice(4)}-${h3.slice(0, 4)}-${h3.slice(4)}${h4}`;
  }
}
