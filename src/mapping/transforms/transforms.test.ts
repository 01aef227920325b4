import { describe, expect, it } from 'vitest';
import { countryCode } from './country-code';
import { phoneE164 } from './phone-e164';
import { usStateCode } from './us-state-code';
import { webDomain } from './web-domain';

describe('transforms', () => {
  it.each([
    ['(415) 555-0134', '+14155550134'],
    ['415.555.0134', '+14155550134'],
    ['+1 415 555 0134', '+14155550134'],
    ['4155550134', '+14155550134'],
    ['415-555-0134 x12', '+14155550134'],
    ['12', undefined],
  ])('phoneE164(%s) = %s', (input, expected) => expect(phoneE164(input)).toBe(expected));

  it.each([
    ['California', 'CA'],
    [' new  york ', 'NY'],
    ['ca', 'CA'],
    ['Ontario', 'ON'],
    ['Atlantis', undefined],
  ])('usStateCode(%s) = %s', (input, expected) => expect(usStateCode(input)).toBe(expected));

  it.each([
    ['United States', 'US'],
    ['usa', 'US'],
    ['Germany', 'DE'],
    ['de', 'DE'],
    ['Narnia', undefined],
  ])('countryCode(%s) = %s', (input, expected) => expect(countryCode(input)).toBe(expected));

  it.each([
    ['WWW.Acme-Widgets.COM', 'acme-widgets.com'],
    ['https://www.acme.com/about?x=1', 'acme.com'],
    ['jo@Acme.co.uk', 'acme.co.uk'],
    ['not a domain', undefined],
  ])('webDomain(%s) = %s', (input, expected) => expect(webDomain(input)).toBe(expected));
});
