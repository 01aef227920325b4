import { describe, expect, it } from 'vitest';
import { copyHasNews } from './copy-has-news';

const now = Date.parse('2026-03-10T00:00:00Z');
const day = 24 * 60 * 60 * 1000;
const copy = (updatedAt: string) => ({ updatedAt, fields: { name: 'A' } });

describe('copyHasNews', () => {
  it('our own last write is no news, whatever its age', () => {
    const last = { updatedAt: '2026-03-09T12:00:00.000Z', values: { name: 'A' } };
    expect(copyHasNews(copy('2026-03-09T12:00:00Z'), last, now)).toBe(false);
  });

  it('a recent change that is not our last write is news, remembered or not', () => {
    const last = { updatedAt: '2026-03-09T12:00:00Z', values: { name: 'A' } };
    expect(copyHasNews(copy('2026-03-09T13:00:00Z'), last, now)).toBe(true);
    expect(copyHasNews(copy('2026-03-09T13:00:00Z'), undefined, now)).toBe(true);
    // A found target is remembered without its version: still news while recent.
    expect(copyHasNews(copy('2026-03-09T13:00:00Z'), { updatedAt: null, values: { name: 'A' } }, now)).toBe(true);
  });

  it('a copy untouched for the retention has been read by every flow: no news, memory pruned or not', () => {
    expect(copyHasNews(copy('2026-03-01T00:00:00Z'), undefined, now)).toBe(false);
    expect(copyHasNews(copy('2026-03-01T00:00:00Z'), { updatedAt: null, values: {} }, now)).toBe(false);
    expect(copyHasNews(copy('2026-03-01T00:00:00Z'), undefined, now, 10 * day)).toBe(true);
  });

  it('no copy, or a copy without a readable time, counts as news', () => {
    expect(copyHasNews(undefined, undefined, now)).toBe(true);
    expect(copyHasNews(copy('yesterday'), undefined, now)).toBe(true);
  });
});
