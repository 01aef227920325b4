import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenListSimilarity } from './string-similarity';
import { internTokens, tokenIdSimilarity } from './token-similarity-memo';

// Few letters, short words: lists share words and near-spellings, as company names do.
const word = fc.string({ unit: fc.constantFrom('a', 'c', 'm', 'e', 'i', 'n'), minLength: 0, maxLength: 7 });
const words = fc.array(word, { minLength: 0, maxLength: 40 });

describe('tokenIdSimilarity', () => {
  it('equals tokenListSimilarity to the last bit, remembered pairs included', () => {
    fc.assert(
      fc.property(words, words, (a, b) => {
        const expected = tokenListSimilarity(a, b);
        // Twice: the second call answers from remembered word pairs.
        expect(tokenIdSimilarity(internTokens(a)!, internTokens(b)!)).toBe(expected);
        expect(tokenIdSimilarity(internTokens(a)!, internTokens(b)!)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('numbers a word the same every time', () => {
    expect(internTokens(['acme', 'widgets', 'acme'])).toEqual(
      Int32Array.from(internTokens(['acme', 'widgets', 'acme'])!),
    );
    const [acme, , again] = internTokens(['acme', 'widgets', 'acme'])!;
    expect(acme).toBe(again);
  });
});
