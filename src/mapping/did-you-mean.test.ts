import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean';

describe('didYouMean', () => {
  it.each([
    ['titlecase', ['title', 'trim'], ' (did you mean "title"?)'],
    ['emial', ['email', 'trim'], ' (did you mean "email"?)'],
    ['DisplayName', ['displayName'], ' (did you mean "displayName"?)'],
    ['requried', ['required', 'from'], ' (did you mean "required"?)'],
    ['frobnicate', ['title', 'trim'], ''],
    ['', ['title'], ''],
  ])('didYouMean(%j) = %j', (word, candidates, expected) => expect(didYouMean(word, candidates)).toBe(expected));
});
