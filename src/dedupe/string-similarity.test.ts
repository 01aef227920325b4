import { describe, expect, it } from 'vitest';
import { personNameSimilarity, SCORER_FUNCTIONS } from './field-scorers';
import {
  dateSimilarity,
  editSimilarity,
  jaroWinkler,
  numericSimilarity,
  tokenSetSimilarity,
} from './string-similarity';

const LONG = 'x'.repeat(100_000);

describe('scorers', () => {
  it('jaroWinkler matches the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('editSimilarity counts every character alike', () => {
    expect(editSimilarity('4223', '4233')).toBe(0.75);
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 5);
  });

  it('tokenSetSimilarity ignores word order and forgives one typo', () => {
    expect(tokenSetSimilarity('acme widgets', 'widgets acme')).toBe(1);
    expect(tokenSetSimilarity('acme widgets', 'acme widgest')).toBeGreaterThan(0.95);
    expect(tokenSetSimilarity('acme widgets', 'zenith foods')).toBeLessThan(0.6);
  });

  it('dateSimilarity knows swapped day and month and one-digit typos', () => {
    expect(dateSimilarity('19560409', '19560409')).toBe(1);
    expect(dateSimilarity('19560409', '19560904')).toBe(0.85);
    expect(dateSimilarity('19560409', '19560408')).toBe(0.85);
    expect(dateSimilarity('1956-04-09', '19560409')).toBe(1);
    expect(dateSimilarity('19560409', '19990101')).toBe(0);
  });

  it('numericSimilarity fades with the relative difference', () => {
    expect(numericSimilarity('100', '90')).toBeCloseTo(0.8);
    expect(numericSimilarity('100', 'abc')).toBe(0);
  });

  it('personName lets an initial agree with the names it starts', () => {
    expect(personNameSimilarity('j', 'john')).toBe(0.9);
    expect(personNameSimilarity('k', 'john')).toBe(0);
  });

  it.each(Object.entries(SCORER_FUNCTIONS))('%s stays in [0, 1] on hostile input, quickly', (_name, score) => {
    const inputs = [
      '',
      'a',
      LONG,
      '株式会社トヨタ',
      'Ωμέγα',
      '🚀🚀',
      'a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(50),
    ];
    const started = performance.now();
    for (const a of inputs) {
      for (const b of inputs) {
        const s = score(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(Number.isNaN(s)).toBe(false);
      }
    }
    expect(performance.now() - started).toBeLessThan(2000);
    expect(score('1956', '1956')).toBe(1);
  });
});

describe('tokenSetSimilarity on company names', () => {
  it('gives no credit for an unrelated second word', () => {
    expect(tokenSetSimilarity('acme widgets', 'acme systems')).toBe(0.5);
  });
});
