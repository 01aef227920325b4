import { z } from 'zod';
import { countryCode } from './country-code';
import { phoneE164 } from './phone-e164';
import { usStateCode } from './us-state-code';
import { webDomain } from './web-domain';

/** Thrown by a transform for a value it cannot handle; the compiler adds field and record. */
export class TransformError extends Error {}

/** A named transform: an optional argument schema and a pure function. */
export interface TransformDefinition {
  /** Schema of the argument in `{ name: arg }` form; absent when the transform takes none. */
  arg?: z.ZodType;
  /** Called with a non-null value; returns the new value (null clears it). */
  apply: (value: unknown, arg: unknown) => unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value));

function required<T>(result: T | undefined, message: string): T {
  if (result === undefined) throw new TransformError(message);
  return result;
}

/**
 * Every transform a mapping may name. Adding one here is the only way to extend the
 * language: there is no way to run arbitrary code from YAML.
 */
export const TRANSFORMS: Record<string, TransformDefinition> = {
  trim: { apply: (v) => text(v).trim() },
  collapseSpaces: { apply: (v) => text(v).trim().replace(/\s+/g, ' ') },
  lower: { apply: (v) => text(v).toLowerCase() },
  upper: { apply: (v) => text(v).toUpperCase() },
  title: {
    apply: (v) =>
      text(v)
        .toLowerCase()
        .replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase()),
  },
  truncate: { arg: z.number().int().positive(), apply: (v, n) => text(v).slice(0, n as number) },
  number: {
    apply: (v) => {
      if (typeof v === 'number') return v;
      const n = Number(text(v).replace(/[,\s$€£]/g, ''));
      if (!Number.isFinite(n)) throw new TransformError(`"${text(v)}" is not a number`);
      return n;
    },
  },
  phoneE164: { apply: (v) => required(phoneE164(text(v)), `"${text(v)}" is not a phone number`) },
  usStateCode: { apply: (v) => required(usStateCode(text(v)), `"${text(v)}" is not a US state or CA province`) },
  countryCode: { apply: (v) => required(countryCode(text(v)), `"${text(v)}" is not a known country`) },
  webDomain: { apply: (v) => required(webDomain(text(v)), `"${text(v)}" is not a web domain`) },
  email: {
    apply: (v) => {
      const email = text(v).trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new TransformError(`"${text(v)}" is not an e-mail address`);
      return email;
    },
  },
};

/** Names of all transforms, for error messages and docs. */
export const TRANSFORM_NAMES = Object.keys(TRANSFORMS).sort();
