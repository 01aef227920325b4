import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

// The shapes US phone numbers are typed in nearly every time: an optional +1 or 1, a NANP area
// code and exchange (first digit 2-9), a line number, one separator between groups, an optional
// " x123" extension. libphonenumber parses each of them to +1 and the ten digits, but builds
// regular expressions per call and is most of a company mapping's CPU; these are answered here
// directly. Anything else goes to libphonenumber. phone-e164.test.ts checks both agree on every
// shape this accepts.
const NANP = /^(?:\+?1[ .-]?)?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)[ .-]?)([2-9]\d\d)[ .-]?(\d{4})(?: ?x\d{1,6})?$/;

/**
 * Normalises a phone number written in any common format to E.164 (`+14155550134`),
 * dropping extensions. Returns undefined when the text cannot be a phone number.
 *
 * @example
 * phoneE164('(415) 555-0134') // '+14155550134'
 */
export function phoneE164(value: string, defaultCountry: CountryCode = 'US'): string | undefined {
  if (defaultCountry === 'US') {
    const m = NANP.exec(value);
    if (m) return `+1${m[1] ?? m[2]}${m[3]}${m[4]}`;
  }
  return viaLibphonenumber(value, defaultCountry);
}

/**
 * The general path: any country, any format libphonenumber understands.
 *
 * @example
 * viaLibphonenumber('030 1234567', 'DE') // '+49301234567'
 */
export function viaLibphonenumber(value: string, defaultCountry: CountryCode = 'US'): string | undefined {
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  return parsed?.isPossible() ? parsed.number : undefined;
}
