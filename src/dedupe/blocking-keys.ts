import { BLOCKING_PART } from '../mapping/match-schema';
import { soundex } from './phonetic-key';

/** Builds one blocking key from a record's normalised canonical values; '' when a part is empty. */
export type KeyBuilder = (values: Readonly<Record<string, string>>) => string;

const PART_FUNCTIONS: Record<string, (text: string, n: number) => string> = {
  soundex: (t) => soundex(t),
  prefix: (t, n) => t.replace(/ /g, '').slice(0, n),
  firstToken: (t) => t.split(' ')[0] ?? '',
  lastToken: (t) => t.split(' ').at(-1) ?? '',
  year: (t) => t.replace(/\D/g, '').slice(0, 4),
  digits: (t, n) => t.replace(/\D/g, '').slice(-n),
};

/**
 * Compiles one blocking pass (`['soundex(surname)', 'postalCode']`) into a key builder. A key
 * is empty, and so puts the record in no block of that pass, when any part is empty: a missing
 * value must not make everyone a candidate.
 *
 * @example
 * compileBlockingKey(['prefix4(name)'])({ name: 'acme widgets' }) // 'acme'
 */
export function compileBlockingKey(parts: readonly string[]): KeyBuilder {
  const steps = parts.map((part) => {
    const m = BLOCKING_PART.exec(part);
    if (!m) throw new Error(`not a blocking key part: ${part}`);
    const field = (m[3] ?? m[4])!;
    const fn = m[1] ? PART_FUNCTIONS[m[1]]! : (t: string) => t;
    const n = m[2] ? Number(m[2]) : 4;
    return (values: Readonly<Record<string, string>>) => {
      const value = values[field];
      return value ? fn(value, n) : '';
    };
  });
  const label = parts.join('+');
  return (values) => {
    let key = label;
    for (const step of steps) {
      const part = step(values);
      if (!part) return '';
      key += `\u0000${part}`;
    }
    return key;
  };
}

/**
 * Inverted index from blocking key to record positions. Candidates of a record are the union of
 * its keys' blocks, each pair once, so one typo in one key field does not hide a pair that
 * another pass still brings together.
 *
 * @example
 * const index = new BlockIndex(right.map((r) => r.keys), 1000);
 * index.forEachCandidate(left[0].keys, (j) => compare(left[0], right[j]));
 */
export class BlockIndex {
  private readonly blocks = new Map<string, number[]>();
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(
    keysPerRecord: readonly (readonly string[])[],
    private readonly maxBlockSize: number,
  ) {
    keysPerRecord.forEach((keys, position) => {
      for (const key of keys) {
        const block = this.blocks.get(key);
        if (block) block.push(position);
        else this.blocks.set(key, [position]);
      }
    });
    this.seen = new Int32Array(keysPerRecord.length);
  }

  /** Calls `visit` once per indexed record sharing a key with `keys`; skips oversized blocks. */
  forEachCandidate(keys: readonly string[], visit: (position: number) => void): void {
    this.stamp++;
    for (const key of keys) {
      const block = this.blocks.get(key);
      if (!block || block.length > this.maxBlockSize) continue;
      for (const position of block) {
        if (this.seen[position] === this.stamp) continue;
        this.seen[position] = this.stamp;
        visit(position);
      }
    }
  }
}
