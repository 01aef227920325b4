import { getDomain } from 'tldts';
import { phoneE164 } from '../mapping/transforms/phone-e164';
import { webDomain } from '../mapping/transforms/web-domain';

const NANP_SHAPE = /^\s*(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(\s*(x|ext\.?)\s*\d+)?\s*$/i;

/**
 * Normalises a phone number to E.164 (reusing the mapping transform, libphonenumber-js); a value
 * it cannot parse keeps its digits when there are at least seven, so two identical odd numbers
 * still agree. Extensions are dropped: a switchboard is the company's number.
 *
 * @example
 * normalisePhone('(415) 555-0134 x12') // '+14155550134'
 */
export function normalisePhone(value: unknown, defaultCountry: 'US' | undefined = 'US'): string {
  if (value === null || value === undefined) return '';
  const text = String(value).slice(0, 64);
  // Fast path for the common North American shapes, which libphonenumber-js would accept as
  // possible anyway: parsing every number through it dominated the cost of preparing records.
  if (defaultCountry === 'US' && NANP_SHAPE.test(text)) {
    const digits = text.replace(/\s*(x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '');
    if (digits.length === 10 && digits[0]! >= '2') return `+1${digits}`;
    if (digits.length === 11 && digits[0] === '1' && digits[1]! >= '2') return `+${digits}`;
  }
  const e164 = phoneE164(text, defaultCountry);
  if (e164) return e164;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 7 ? digits : '';
}

/**
 * Normalises an e-mail address: trimmed, lower case, and empty when it is not shaped like one.
 * Dots and `+tags` are kept: only some providers ignore them, and a false agreement is worse
 * than a missed one for an exact key.
 *
 * @example
 * normaliseEmail(' Jo.Smith@ACME.com ') // 'jo.smith@acme.com'
 */
export function normaliseEmail(value: unknown): string {
  if (value === null || value === undefined) return '';
  const email = String(value).slice(0, 320).trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : '';
}

/**
 * Normalises a URL, host or e-mail address to its registrable domain with tldts (Public Suffix
 * List): `https://shop.acme.co.uk/x` -> `acme.co.uk`. Hosts tldts cannot place (e.g. `.example`)
 * keep the host found by the mapping's `webDomain` transform.
 *
 * @example
 * normaliseDomain('WWW.Acme-Widgets.COM') // 'acme-widgets.com'
 */
export function normaliseDomain(value: unknown): string {
  if (value === null || value === undefined) return '';
  const host = webDomain(String(value).slice(0, 2048));
  if (!host) return '';
  return getDomain(host, { allowPrivateDomains: false }) ?? host;
}

/**
 * Normalises a tax or VAT id: letters and digits only, upper case (`de 123.456.789` ->
 * `DE123456789`). Ids shorter than five characters are dropped as placeholders ("n/a", "0").
 *
 * @example
 * normaliseTaxId('12-3456789') // '123456789'
 */
export function normaliseTaxId(value: unknown): string {
  if (value === null || value === undefined) return '';
  const id = String(value)
    .slice(0, 64)
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
  return id.length >= 5 && !/^0+$/.test(id) ? id : '';
}
