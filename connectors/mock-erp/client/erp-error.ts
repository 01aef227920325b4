import { errorFromHttpFailure, type FieldError, type IntegrationError } from '../../../src/errors';

/** A failed answer from Business Central: a whole HTTP response or one `$batch` sub-response. */
export interface ErpFailure {
  status: number;
  /** The body as text or as parsed JSON. */
  body: unknown;
  retryAfter?: string | null | undefined;
  /** `POST companies(…)/customers`; never contains credentials. */
  operation: string;
}

/**
 * Reads BC's OData error body (`{ error: { code, message, details: [{ target, message }] } }`)
 * and maps it onto our error classes, with `details[].target` as field errors.
 *
 * @example
 * throw errorFromErpFailure({ status: 412, body, operation: 'PATCH customers(…)' });
 */
export function errorFromErpFailure(failure: ErpFailure): IntegrationError {
  const text = typeof failure.body === 'string' ? failure.body : JSON.stringify(failure.body ?? null);
  let parsed: unknown = failure.body;
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      parsed = undefined;
    }
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? ` [${error.code}]` : '';
  const message = typeof error?.message === 'string' ? `${error.message}${code}` : `HTTP ${failure.status}`;
  const fieldErrors: FieldError[] = [];
  if (Array.isArray(error?.details)) {
    for (const detail of error.details as { target?: unknown; message?: unknown }[]) {
      if (typeof detail?.target === 'string' && detail.target !== '' && typeof detail.message === 'string') {
        fieldErrors.push({ field: detail.target, message: detail.message });
      }
    }
  }
  return errorFromHttpFailure({
    status: failure.status,
    message,
    retryAfter: failure.retryAfter ?? null,
    fieldErrors,
    bodyExcerpt: text.slice(0, 500),
    operation: failure.operation,
  });
}
