import { z } from 'zod';
import type { FieldError } from '../../../src/errors';

/** One entry of HubSpot's `errors` array (top level, or per input of a batch). */
export const HubSpotErrorEntry = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  message: z.string().default(''),
  code: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  get errors() {
    return z.array(HubSpotErrorEntry).optional();
  },
});
export type HubSpotErrorEntry = z.infer<typeof HubSpotErrorEntry>;

/** HubSpot's error body; everything optional because proxies answer with anything. */
export const HubSpotErrorBody = z.object({
  message: z.string().optional(),
  category: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z.array(HubSpotErrorEntry).optional(),
});
export type HubSpotErrorBody = z.infer<typeof HubSpotErrorBody>;

/**
 * Field errors from HubSpot error entries: `errors[].context.propertyName` with the entry's
 * message, descending into nested `errors` (batch items carry their field errors there).
 *
 * @example
 * fieldErrorsOf([{ message: 'Email address x is invalid', context: { propertyName: ['email'] } }])
 * // [{ field: 'email', message: 'Email address x is invalid' }]
 */
export function fieldErrorsOf(entries: readonly HubSpotErrorEntry[] | undefined): FieldError[] {
  const found: FieldError[] = [];
  for (const entry of entries ?? []) {
    if (entry.errors && entry.errors.length > 0) {
      found.push(...fieldErrorsOf(entry.errors));
      continue;
    }
    for (const field of stringsOf(entry.context?.propertyName)) found.push({ field, message: entry.message });
  }
  const seen = new Set<string>();
  return found.filter((error) => {
    const key = `${error.field}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * HubSpot's context values are string arrays; this reads one leniently.
 *
 * @example
 * stringsOf(['3']) // ['3']
 */
export function stringsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}
