import { ERROR_CODES, type ErrorCode } from './error-codes';

/** Options accepted by every {@link IntegrationError}. */
export interface IntegrationErrorOptions {
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** HTTP status returned by the remote system, when there was one. */
  status?: number;
  /** Overrides the code's default retryability. */
  retryable?: boolean;
  /** Structured, secret-free details (record id, field, excerpt of the response). */
  details?: Record<string, unknown>;
}

/**
 * The one error base class of the bridge. Every failure that reaches the engine is an
 * IntegrationError (or is wrapped into one), so the queue can decide retry vs dead-letter
 * from `retryable`, and admins see a stable `code`.
 *
 * @example
 * throw new IntegrationError('not_found', 'customer 42 does not exist', { status: 404 });
 */
export class IntegrationError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: IntegrationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.status = options.status;
    this.details = options.details ?? {};
  }

  /** A JSON-safe view, used by history rows, the DLQ and the admin API. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      details: this.details,
    };
  }
}

/** One field-level problem reported by a target system or by our own validation. */
export interface FieldError {
  field: string;
  message: string;
}

/** The remote system asked us to slow down; `retryAfterMs` comes from `Retry-After` when sent. */
export class RateLimitedError extends IntegrationError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, options: IntegrationErrorOptions = {}) {
    super('rate_limited', message, { status: 429, ...options });
    this.retryAfterMs = retryAfterMs;
  }
}

/** Credentials are missing or were rejected (401). */
export class AuthError extends IntegrationError {
  constructor(message: string, options: IntegrationErrorOptions = {}) {
    super('auth_failed', message, { status: 401, ...options });
  }
}

/** Credentials are valid but lack a scope or module (403). Never retried: an admin must act. */
export class PermissionDeniedError extends IntegrationError {
  constructor(message: string, options: IntegrationErrorOptions = {}) {
    super('permission_denied', message, { status: 403, ...options });
  }
}

/** The system rejected the values; `fieldErrors` says which field and why. */
export class ValidationError extends IntegrationError {
  readonly fieldErrors: FieldError[];
  constructor(message: string, fieldErrors: FieldError[], options: IntegrationErrorOptions = {}) {
    super('validation_failed', message, {
      status: 400,
      ...options,
      details: { ...options.details, fieldErrors },
    });
    this.fieldErrors = fieldErrors;
  }
}

/** The record or endpoint does not exist (404). */
export class NotFoundError extends IntegrationError {
  constructor(message: string, options: IntegrationErrorOptions = {}) {
    super('not_found', message, { status: 404, ...options });
  }
}

/** The record changed since we read it: `If-Match` failed (412) or a version conflict (409). */
export class StaleEtagError extends IntegrationError {
  constructor(message: string, options: IntegrationErrorOptions = {}) {
    super('stale_etag', message, { status: 412, ...options });
  }
}

/** The call never got a usable answer: connection refused or reset, DNS, or a timeout. */
export class TransportError extends IntegrationError {
  /** True when the request may have reached the system (timeout or reset after sending). */
  readonly ambiguous: boolean;
  constructor(message: string, ambiguous: boolean, options: IntegrationErrorOptions = {}) {
    super(ambiguous ? 'timeout' : 'transport', message, options);
    this.ambiguous = ambiguous;
  }
}

/** The system failed with a 5xx status. */
export class ServerError extends IntegrationError {
  constructor(message: string, status: number, options: IntegrationErrorOptions = {}) {
    super('server_error', message, { ...options, status });
  }
}

/** A mapping file is malformed; `file` and `line` point at the problem. */
export class MappingInvalidError extends IntegrationError {
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, reason: string) {
    super('mapping_invalid', `${line === undefined ? file : `${file}:${line}`}: ${reason}`, {
      details: { file, line },
    });
    this.file = file;
    this.line = line;
  }
}

/**
 * True when a failure is worth retrying. Unknown errors count as non-retryable bugs, so
 * they reach the dead-letter queue instead of looping.
 *
 * @example
 * if (!isRetryable(err)) await deadLetter(job, err);
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof IntegrationError ? error.retryable : false;
}

/**
 * Wraps anything thrown into an IntegrationError, keeping the original as `cause`.
 *
 * @example
 * catch (err) { history.fail(toIntegrationError(err)); }
 */
export function toIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IntegrationError('internal', message, { cause: error });
}
