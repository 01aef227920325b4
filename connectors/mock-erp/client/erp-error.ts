import { errorFromHttpFailure, type FieldError, IntegrationError } from '../../../src/errors';

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
 * and maps it onto our error classes, with `details[].target` as field errors. A 400 whose code
 * is `Application_*` (an order check, a delete refusal) is `record_rejected` with the ERP's text.
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
  if (failure.status === 400 && typeof error?.code === 'string' && error.code.startsWith('Application_')) {
    // A business rule (BC's `Application_*` errors: credit limit, stock, margin, blocked): the
    // ERP's own sentence is what a salesperson should read, so it is the message as is.
    const said = typeof error.message === 'string' ? error.message : `HTTP 400 ${error.code}`;
    return new IntegrationError('record_rejected', said, {
      status: 400,
      details: { erpCode: error.code, operation: failure.operation, responseExcerpt: text.slice(0, 500) },
    });
  }
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
