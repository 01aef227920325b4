import {
  AuthError,
  type FieldError,
  IntegrationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  ServerError,
  StaleEtagError,
  ValidationError,
} from './integration-error';

/** What a connector extracted from a failed HTTP response. */
export interface HttpFailure {
  status: number;
  /** Human-readable message from the system's error body. */
  message: string;
  /** Raw `Retry-After` header value, if any. */
  retryAfter?: string | null;
  fieldErrors?: FieldError[];
  /** Short excerpt of the body for admins; callers must not pass secrets. */
  bodyExcerpt?: string;
  /** Identifies the call: `GET /crm/v3/objects/companies`. */
  operation?: string;
}

/**
 * Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds.
 *
 * @example
 * parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The one place that turns an HTTP status into our error classes. Connectors call it after
 * reading their system's error body, so every system's 403 is a `permission_denied`.
 *
 * @example
 * throw errorFromHttpFailure({ status: 429, message: 'slow down', retryAfter: '1' });
 */
export function errorFromHttpFailure(failure: HttpFailure): IntegrationError {
  const { status } = failure;
  const prefix = failure.operation ? `${failure.operation}: ` : '';
  const message = `${prefix}${failure.message}`;
  const options = {
    status,
    details: {
      ...(failure.operation ? { operation: failure.operation } : {}),
      ...(failure.bodyExcerpt ? { responseExcerpt: failure.bodyExcerpt.slice(0, 500) } : {}),
    },
  };
  if (status === 401) return new AuthError(message, options);
  if (status === 403) return new PermissionDeniedError(message, options);
  if (status === 404) return new NotFoundError(message, options);
  if (status === 409 || status === 412) return new StaleEtagError(message, options);
  if (status === 429) return new RateLimitedError(message, parseRetryAfter(failure.retryAfter), options);
  if (status === 408 || status === 425)
    return new IntegrationError('timeout', message, { ...options, retryable: true });
  if (status >= 500) return new ServerError(message, status, options);
  if (status === 400 || status === 422) return new ValidationError(message, failure.fieldErrors ?? [], options);
  return new IntegrationError('unexpected_response', message, options);
}
