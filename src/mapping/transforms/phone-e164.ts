import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Normalises a phone number written in any common format to E.164 (`+14155550134`),
 * dropping extensions. Returns undefined when the text cannot be a phone number.
 *
 * @example
 * phoneE164('(415) 555-0134') // '+14155550134'
 */
export function phoneE164(value: string, defaultCountry: CountryCode = 'US'): string | undefined {
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  return parsed?.isPossible() ? parsed.number : undefined;
}
