import { z } from 'zod';
import { countryCode } from './country-code';
import { formatDate, isTimeZone, parseDate } from './format-date';
import { phoneE164 } from './phone-e164';
import { usStateCode } from './us-state-code';
import { webDomain } from './web-domain';

/** Thrown by a transform for a value it cannot handle; the compiler adds field and record. */
export class TransformError extends Error {}

/** What a transform returns, so validation can spot a number written into a text field. */
export type TransformOutput = 'string' | 'number' | 'array' | 'same';

/** A named transform: an optional argument schema and a pure function. */
export interface TransformDefinition {
  /** Schema of the argument in `{ name: arg }` form; absent when the transform takes none. */
  arg?: z.ZodType;
  /** Type of the result; `same` when it depends on the input. */
  output: TransformOutput;
  /** Called with a non-null value and the parsed argument; returns the new value (null clears it). */
  apply: (value: unknown, arg: unknown) => unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value));

function required<T>(result: T | undefined, message: string): T {
  if (result === undefined) throw new TransformError(message);
  return result;
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  // Thousands separators and currency signs are how people type amounts into CRMs.
  const n = Number(text(v).replace(/[,\s$€£]/g, ''));
  if (!Number.isFinite(n) || text(v).trim() === '') throw new TransformError(`"${text(v)}" is not a number`);
  return n;
}

function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

// Intl formats any well-formed code; only the list of supported ones catches a typo like XXY.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const isCurrency = (code: string) => CURRENCIES.has(code);

const RegexArg = z
  .strictObject({ pattern: z.string().min(1).max(200), replacement: z.string(), flags: z.string().optional() })
  .refine((a) => {
    try {
      new RegExp(a.pattern, a.flags ?? 'g');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression (or flags)');

const compiledPatterns = new WeakMap<object, RegExp>();

const Zone = z.string().refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Berlin');
const DateArg = z.strictObject({
  to: z.enum(['date', 'datetime', 'epochMs']),
  /** Zone of the output (default UTC). */
  timeZone: Zone.optional(),
  /** Zone of input times written without an offset (default UTC). */
  inputTimeZone: Zone.optional(),
});

/**
 * Every transform a mapping may name. Adding one here is the only way to extend the
 * language: there is no way to run arbitrary code from YAML.
 */
export const TRANSFORMS: Record<string, TransformDefinition> = {
  trim: { output: 'string', apply: (v) => text(v).trim() },
  collapseSpaces: { output: 'string', apply: (v) => text(v).trim().replace(/\s+/g, ' ') },
  lower: { output: 'string', apply: (v) => text(v).toLowerCase() },
  upper: { output: 'string', apply: (v) => text(v).toUpperCase() },
  title: {
    output: 'string',
    apply: (v) =>
      text(v)
        .toLowerCase()
        .replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase()),
  },
  // Targets count length in UTF-16 units (Business Central, like .NET), so cut there, but never
  // between the two halves of an emoji: a lone surrogate is refused or stored as garbage.
  truncate: {
    arg: z.number().int().positive(),
    output: 'string',
    apply: (v, n) => {
      const s = text(v);
      if (s.length <= (n as number)) return s;
      const cut = s.slice(0, n as number);
      return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
    },
  },
  number: { output: 'number', apply: toNumber },
  round: {
    arg: z.number().int().min(0).max(10),
    output: 'number',
    apply: (v, digits) => {
      const factor = 10 ** (digits as number);
      return Math.round(toNumber(v) * factor) / factor;
    },
  },
  scale: { arg: z.number().refine(Number.isFinite), output: 'number', apply: (v, f) => toNumber(v) * (f as number) },
  minorUnits: {
    arg: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD')
      .refine(isCurrency, 'unknown currency'),
    output: 'number',
    apply: (v, currency) => Math.round(toNumber(v) * 10 ** currencyDigits(currency as string)),
  },
  date: {
    arg: DateArg,
    output: 'same',
    apply: (v, arg) => {
      const { to, timeZone, inputTimeZone } = arg as z.infer<typeof DateArg>;
      // A calendar day stays that day: no time zone can move it.
      if (to === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && parseDate(v))
        return v.trim();
      const date = required(parseDate(v, inputTimeZone), `"${text(v)}" is not a date`);
      return formatDate(date, to, timeZone);
    },
  },
  phoneE164: { output: 'string', apply: (v) => required(phoneE164(text(v)), `"${text(v)}" is not a phone number`) },
  usStateCode: {
    output: 'string',
    apply: (v) => required(usStateCode(text(v)), `"${text(v)}" is not a US state or CA province`),
  },
  countryCode: {
    output: 'string',
    apply: (v) => required(countryCode(text(v)), `"${text(v)}" is not a known country`),
  },
  webDomain: { output: 'string', apply: (v) => required(webDomain(text(v)), `"${text(v)}" is not a web domain`) },
  email: {
    output: 'string',
    apply: (v) => {
      const email = text(v).trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new TransformError(`"${text(v)}" is not an e-mail address`);
      return email;
    },
  },
  split: {
    arg: z.string().min(1),
    output: 'array',
    apply: (v, sep) =>
      text(v)
        .split(sep as string)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
  },
  join: {
    arg: z.string(),
    output: 'string',
    apply: (v, sep) => (Array.isArray(v) ? v.filter((x) => x !== null && x !== '').join(sep as string) : text(v)),
  },
  regexReplace: {
    arg: RegexArg,
    output: 'string',
    apply: (v, arg) => {
      const { pattern, replacement, flags } = arg as z.infer<typeof RegexArg>;
      // Compiled once per rule: the argument object lives as long as the compiled mapping.
      let re = compiledPatterns.get(arg as object);
      if (!re) {
        re = new RegExp(pattern, flags ?? 'g');
        compiledPatterns.set(arg as object, re);
      }
      re.lastIndex = 0;
      return text(v).replace(re, replacement);
    },
  },
};

/** Names of all transforms, for error messages and docs. */
export const TRANSFORM_NAMES = Object.keys(TRANSFORMS).sort();
