import { describe, expect, it } from 'vitest';
import type { Row } from './tryton-models';
import { decodePageToken, encodePageToken, mergeStreams, type PageToken, streamDomain } from './tryton-paging';
import type { TrytonDateTime } from './tryton-values';

const at = (second: number, microsecond = 0): TrytonDateTime => ({
  __class__: 'datetime',
  year: 2026,
  month: 1,
  day: 1,
  hour: 0,
  minute: 0,
  second,
  microsecond,
});
const created = (id: number, second: number): Row => ({ id, create_date: at(second), write_date: null });
const written = (id: number, second: number): Row => ({ id, create_date: at(0), write_date: at(second) });
const start: PageToken = { since: null, created: null, written: null };

describe('Tryton keyset paging over two streams', () => {
  it('merges never-written and written records in updatedAt order and keys each stream by what it gave', () => {
    const page = mergeStreams(
      start,
      { created: [created(1, 1), created(2, 5)], written: [written(3, 2), written(4, 9)] },
      3,
    );
    expect(page.rows.map((r) => r.id)).toEqual([1, 3, 2]);
    expect(page.next).toEqual({ since: null, created: [at(5), 2], written: [at(2), 3] });
  });

  it('ends when no stream filled its page and everything was taken', () => {
    expect(mergeStreams(start, { created: [created(1, 1)], written: [] }, 3).next).toBeUndefined();
    expect(mergeStreams(start, { created: [created(1, 1), created(2, 2)], written: [] }, 2).next).toBeDefined();
  });

  it('builds inclusive bounds and strict keyset clauses, keeping microseconds', () => {
    const domain = streamDomain('written', {
      since: '2026-01-01T00:00:01.500Z',
      created: null,
      written: [at(7, 123_456), 42],
    });
    expect(domain).toEqual([
      ['write_date', '!=', null],
      ['write_date', '>=', at(1, 500_000)],
      [
        'OR',
        [['write_date', '>', at(7, 123_456)]],
        [
          ['write_date', '=', at(7, 123_456)],
          ['id', '>', 42],
        ],
      ],
    ]);
    const token = { since: null, created: [at(3, 999_999), 5], written: null } satisfies PageToken;
    expect(decodePageToken(encodePageToken(token))).toEqual(token);
    expect(() => decodePageToken('not-ours')).toThrow(/not one of ours/);
  });
});
