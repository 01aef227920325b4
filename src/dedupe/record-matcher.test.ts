import { describe, expect, it } from 'vitest';
import { MatchRules, type MatchRulesInput } from '../mapping/match-schema';
import { findPairs } from './find-pairs';
import { RecordMatcher } from './record-matcher';

const COMPANY: MatchRulesInput = {
  entity: 'company',
  fields: {
    name: 'name',
    street: 'street',
    city: 'city',
    zip: 'postalCode',
    phone: 'phone',
    web: 'domain',
    vat: 'taxId',
  },
  exact: ['taxId', 'domain'],
  fuzzy: { name: { weight: 3 }, street: {}, city: {}, postalCode: {}, phone: {} },
  blocking: [['prefix4(name)'], ['phone'], ['postalCode', 'soundex(name)']],
  thresholds: { link: 0.9, review: 0.7 },
};

const matcher = new RecordMatcher(MatchRules.parse(COMPANY));
const acme = matcher.prepare('c1', {
  name: 'Acme Widgets, Inc.',
  street: '5 Main Street',
  city: 'Boston',
  zip: '2108',
  phone: '(617) 555-0100',
});

describe('RecordMatcher decisions', () => {
  it('links a near-duplicate above the link threshold', () => {
    const other = matcher.prepare('e1', {
      name: 'ACME WIDGETS',
      street: '5 Main St',
      city: 'Boston',
      zip: '02108',
      phone: '+1 617 555 0100',
    });
    const explained = matcher.explain(acme, other);
    expect(explained.score).toBeGreaterThanOrEqual(0.9);
    expect(matcher.decide(explained.score)).toBe('link');
    expect(explained.fields.find((f) => f.field === 'name')).toMatchObject({ level: 'exact', similarity: 1 });
  });

  it('sends a pair between the thresholds to review, with a per-field explanation', () => {
    const other = matcher.prepare('e2', { name: 'Acme Widget Co', street: '9 Elm Road', city: 'Boston', zip: '02108' });
    const explained = matcher.explain(acme, other);
    expect(matcher.decide(explained.score)).toBe('review');
    const street = explained.fields.find((f) => f.field === 'street');
    expect(street?.level).toBe('different');
    expect(explained.fields.find((f) => f.field === 'phone')).toMatchObject({ level: 'missing', similarity: null });
  });

  it('creates when the records only share a city', () => {
    const other = matcher.prepare('e3', { name: 'Zenith Foods', street: '1 Pine Ave', city: 'Boston', zip: '02110' });
    expect(matcher.decide(matcher.score(acme, other))).toBe('create');
  });

  it('links on an exact key whatever the names say', () => {
    const a = matcher.prepare('a', { name: 'Acme', vat: 'US-123456789' });
    const b = matcher.prepare('b', { name: 'Totally Different Name', vat: 'us123456789' });
    expect(matcher.explain(a, b)).toMatchObject({ score: 1, exactKey: 'taxId' });
  });

  it('finds pairs within one list and between two, each pair once', () => {
    const rows = [
      { name: 'Acme Widgets Inc', city: 'Boston', phone: '617-555-0100' },
      { name: 'ACME Widgets', city: 'Boston', phone: '(617) 555-0100' },
      { name: 'Zenith Foods', city: 'Denver' },
    ].map((r, i) => matcher.prepare(String(i), r));
    const within = findPairs(matcher, rows);
    expect(within.pairs.map((p) => [p.left, p.right, p.decision])).toEqual([[0, 1, 'link']]);
    const across = findPairs(matcher, rows.slice(0, 1), rows.slice(1));
    expect(across.pairs.map((p) => [p.left, p.right])).toEqual([[0, 0]]);
  });

  it('rejects rules that name unknown or unmapped fields, every problem at once', () => {
    const result = MatchRules.safeParse({
      ...COMPANY,
      exact: ['vat'],
      fuzzy: { surname: {} },
      thresholds: { link: 0.5, review: 0.9 },
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('exact.0: "vat" is not a company field'),
        expect.stringContaining('fuzzy.surname: "surname" is not a company field'),
        expect.stringContaining('review must not be above link'),
      ]),
    );
  });
});
