import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlank } from './compile-field';

// The definition isBlank had before its no-copy fast path; the fast path must not change it.
const reference = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const whitespace = fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '');

describe('isBlank', () => {
  it('answers like trim() on any text, including Unicode spaces and control characters', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(whitespace).map((w) => w.join('')),
      fc.tuple(fc.array(whitespace), fc.string(), fc.array(whitespace)).map(([a, s, b]) => a.join('') + s + b.join('')),
    );
    fc.assert(
      fc.property(fc.oneof(text, fc.constant(null), fc.constant(undefined), fc.integer()), (v) => {
        expect(isBlank(v)).toBe(reference(v));
      }),
      { numRuns: 5000 },
    );
  });
});
