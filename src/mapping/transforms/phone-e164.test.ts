import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneE164, viaLibphonenumber } from './phone-e164';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const separator = fc.constantFrom('', ' ', '.', '-', '  ', '/', '_');

// Every piece the fast path's pattern allows, and near misses (0/1 leading digits, other
// separators, missing parenthesis, long extensions), so a divergence from libphonenumber shows.
const phoneText = fc
  .record({
    prefix: fc.constantFrom('', '+1', '1', '+', '+1 ', '1 ', '1-', '+1.', '+1-', '01', '+44 '),
    area: digits(3),
    exchange: digits(3),
    line: fc.oneof(digits(4), digits(3), digits(5)),
    paren: fc.constantFrom('none', 'both', 'open'),
    sep1: separator,
    sep2: separator,
    ext: fc.oneof(
      fc.constant(''),
      digits(3).map((d) => ` x${d}`),
      digits(2).map((d) => `x${d}`),
      digits(7).map((d) => ` x${d}`),
      digits(3).map((d) => ` ext. ${d}`),
    ),
    pad: fc.constantFrom('', ' '),
  })
  .map(({ prefix, area, exchange, line, paren, sep1, sep2, ext, pad }) => {
    const a = paren === 'both' ? `(${area})` : paren === 'open' ? `(${area}` : area;
    return `${pad}${prefix}${a}${sep1}${exchange}${sep2}${line}${ext}`;
  });

describe('phoneE164', () => {
  it('gives what libphonenumber gives on US-typed numbers and near misses', () => {
    fc.assert(
      fc.property(phoneText, (text) => {
        expect(phoneE164(text)).toBe(viaLibphonenumber(text));
      }),
      { numRuns: 20_000 },
    );
  });

  // The usual shapes with expected answers are in transforms.test.ts.
  it('still answers in E.164 for shapes outside the fast path', () => {
    expect(phoneE164('+1 (415) 555-0134 ext. 7')).toBe('+14155550134');
    expect(phoneE164('not a phone')).toBeUndefined();
  });

  it('leaves other countries to libphonenumber', () => {
    expect(phoneE164('030 1234567', 'DE')).toBe('+49301234567');
    expect(phoneE164('+44 20 7946 0958')).toBe('+442079460958');
  });
});
