import { describe, expect, it } from 'vitest';
import { formatDate, parseDate } from './format-date';
import { TRANSFORMS, TransformError } from './transform-registry';

const apply = (name: string, value: unknown, arg?: unknown) => TRANSFORMS[name]!.apply(value, arg);
const LONG = 'x'.repeat(100_000);
const EMOJI = '👩‍💻 Café 🚀';
const CJK = '株式会社 東京';

describe('text transforms', () => {
  it.each([
    ['trim', '  a  ', 'a'],
    ['trim', '   ', ''],
    ['trim', ` ${CJK} `, CJK],
    ['collapseSpaces', ' a \t\n b  ', 'a b'],
    ['collapseSpaces', `${EMOJI}   x`, `${EMOJI} x`],
    ['lower', 'ÄBC', 'äbc'],
    ['upper', 'straße', 'STRASSE'],
    ['upper', CJK, CJK],
    ['title', "jean-luc o'NEIL", "Jean-Luc O'Neil"],
    ['title', 'élodie ĳssel', 'Élodie Ĳssel'],
    ['title', EMOJI, '👩‍💻 Café 🚀'],
  ])('%s(%j) = %j', (name, input, expected) => expect(apply(name, input)).toBe(expected));

  it('truncates to UTF-16 length, as targets count it, without cutting an emoji in half', () => {
    expect(apply('truncate', '🚀🚀🚀', 4)).toBe('🚀🚀');
    expect(apply('truncate', '🚀🚀🚀', 3)).toBe('🚀');
    expect(apply('truncate', 'ab🚀', 3)).toBe('ab');
    expect(apply('truncate', LONG, 100)).toHaveLength(100);
    expect(apply('truncate', 'short', 100)).toBe('short');
  });

  it('handles very long values without blowing up', () => {
    expect(apply('collapseSpaces', `${LONG}   ${LONG}`)).toHaveLength(200_001);
    expect(apply('title', LONG)).toHaveLength(100_000);
  });

  it('splits, joins and replaces by regular expression', () => {
    expect(apply('split', ' a, b ,,c ', ',')).toEqual(['a', 'b', 'c']);
    expect(apply('split', '   ', ',')).toEqual([]);
    expect(apply('join', ['a', '', null, 'b'], ' | ')).toBe('a | b');
    const arg = { pattern: '[^0-9]', replacement: '' };
    expect(apply('regexReplace', 'DE 123-456', arg)).toBe('123456');
    expect(apply('regexReplace', EMOJI, arg)).toBe('');
    expect(apply('regexReplace', 'DE 1', arg)).toBe('1');
  });
});

describe('number transforms', () => {
  it.each([
    ['1,234.50', 1234.5],
    [' $ 99 ', 99],
    ['€3', 3],
    [42, 42],
  ])('number(%j) = %j', (input, expected) => expect(apply('number', input)).toBe(expected));

  it.each(['', '   ', 'abc', '１２３', '🚀', LONG])('number(%j) fails with the value named', (input) => {
    expect(() => apply('number', input)).toThrow(TransformError);
    expect(() => apply('number', input)).toThrow(/is not a number/);
  });

  it('rounds, scales and converts currency amounts to minor units', () => {
    expect(apply('round', '10.005', 2)).toBe(10.01);
    expect(apply('round', 2.5, 0)).toBe(3);
    expect(apply('scale', '1.5', 100)).toBe(150);
    expect(apply('minorUnits', '19.99', 'USD')).toBe(1999);
    expect(apply('minorUnits', '1999', 'JPY')).toBe(1999);
    expect(apply('minorUnits', '1.2345', 'KWD')).toBe(1235);
    expect(() => apply('minorUnits', 'free', 'USD')).toThrow('"free" is not a number');
  });

  it('refuses bad arguments at validation time', () => {
    expect(TRANSFORMS.minorUnits!.arg!.safeParse('XXY').success).toBe(false);
    expect(TRANSFORMS.minorUnits!.arg!.safeParse('EUR').success).toBe(true);
    expect(TRANSFORMS.regexReplace!.arg!.safeParse({ pattern: '(', replacement: '' }).success).toBe(false);
    expect(TRANSFORMS.date!.arg!.safeParse({ to: 'date', timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});

describe('date transform', () => {
  it.each([
    ['1700000000000', { to: 'datetime' }, '2023-11-14T22:13:20Z'],
    ['1700000000', { to: 'date' }, '2023-11-14'],
    [1700000000000, { to: 'epochMs' }, 1700000000000],
    ['2024-03-31T23:30:00Z', { to: 'date', timeZone: 'Europe/Berlin' }, '2024-04-01'],
    ['2024-03-31T23:30:00Z', { to: 'datetime', timeZone: 'Europe/Berlin' }, '2024-04-01T01:30:00+02:00'],
    ['2024-01-15T08:00:00Z', { to: 'datetime', timeZone: 'America/New_York' }, '2024-01-15T03:00:00-05:00'],
    ['2024-02-29', { to: 'date', timeZone: 'Pacific/Auckland' }, '2024-02-29'],
    ['2024-07-01 09:30', { to: 'datetime' }, '2024-07-01T09:30:00Z'],
    ['2024-07-01T09:30:00', { to: 'datetime', inputTimeZone: 'Europe/Berlin' }, '2024-07-01T07:30:00Z'],
    [
      '2024-01-15 09:30',
      { to: 'datetime', inputTimeZone: 'America/New_York', timeZone: 'Asia/Tokyo' },
      '2024-01-15T23:30:00+09:00',
    ],
  ])('date(%j, %j) = %j', (input, arg, expected) => expect(apply('date', input, arg)).toBe(expected));

  it.each(['', '   ', '31/12/2024', 'yesterday', '🚀', CJK, LONG, '2024-13-45'])(
    'date(%j) fails naming the value',
    (input) => {
      expect(() => apply('date', input, { to: 'date' })).toThrow(/is not a date/);
    },
  );

  it('keeps bare dates on their calendar day', () => {
    expect(apply('date', '2024-06-01', { to: 'date', timeZone: 'America/Los_Angeles' })).toBe('2024-06-01');
    expect(formatDate(parseDate('2024-06-01')!, 'date', 'UTC')).toBe('2024-06-01');
  });
});

describe('identity transforms', () => {
  it.each([
    ['phoneE164', '(415) 555-0134', '+14155550134'],
    ['usStateCode', 'california', 'CA'],
    ['countryCode', 'Deutschland', 'DE'],
    ['webDomain', 'https://WWW.Example.co.uk/x', 'example.co.uk'],
    ['email', '  Jo@Example.COM ', 'jo@example.com'],
  ])('%s(%j) = %j', (name, input, expected) => expect(apply(name, input)).toBe(expected));

  it.each([
    ['phoneE164', 'not a number', '"not a number" is not a phone number'],
    ['phoneE164', EMOJI, `"${EMOJI}" is not a phone number`],
    ['usStateCode', CJK, `"${CJK}" is not a US state or CA province`],
    ['countryCode', '🏳️', '"🏳️" is not a known country'],
    ['webDomain', '   ', '"   " is not a web domain'],
    ['email', 'jo@@example', '"jo@@example" is not an e-mail address'],
    ['email', `${CJK}@例え.jp`, `"${CJK}@例え.jp" is not an e-mail address`],
  ])('%s(%j) fails with %j', (name, input, message) => {
    expect(() => apply(name, input)).toThrow(message);
  });
});
