import { describe, expect, it } from 'vitest';
import { sameValue } from './same-value';

describe('sameValue', () => {
  it('treats blanks alike and a number like its text forms', () => {
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue(5000, '5000')).toBe(true);
    expect(sameValue(5000, '5000.00')).toBe(true);
    expect(sameValue(5000, '5001')).toBe(false);
    expect(sameValue(0, '')).toBe(false);
  });

  it('compares strings exactly and objects by content in any key order', () => {
    expect(sameValue('Paris', 'paris')).toBe(false);
    expect(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
});
