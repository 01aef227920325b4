import { TransportError, toIntegrationError } from './integration-error';

/** What the DLQ and logs keep of a failure: stable code, message, HTTP status, redacted excerpt. */
export interface FailureFacts {
  code: string;
  message: string;
  retryable: boolean;
  status: number | null;
  responseExcerpt: string | null;
}

const EXCERPT_LENGTH = 500;
// Bearer tokens, basic credentials, and `"token": "..."`-like pairs in bodies or messages.
const SECRET_PATTERNS: [RegExp, string][] = [
  [/(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [
    /("?(?:access_?token|refresh_?token|token|secret|password|api[-_]?key|authorization)"?\s*[:=]\s*)"[^"]*"/gi,
    '$1"[redacted]"',
  ],
  [/((?:access_?token|token|secret|password|api[-_]?key)=)[^&\s]+/gi, '$1[redacted]'],
];

/**
 * Removes credentials from text that is about to be stored or shown (response excerpts,
 * messages). Connectors already avoid putting tokens in errors; this is the second fence,
 * because a system may echo a header or a query string back in its error body.
 *
 * @example
 * redactSecrets('Authorization: Bearer abc.def') // 'Authorization: Bearer [redacted]'
 */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/**
 * The facts of any thrown value, for a DLQ item or an error log line. Unknown throws are
 * `internal` (see {@link toIntegrationError}).
 *
 * @example
 * const facts = failureFacts(new PermissionDeniedError('no Contact module')); // { code: 'permission_denied', status: 403, ... }
 */
export function failureFacts(error: unknown): FailureFacts {
  const failure = toIntegrationError(error);
  const excerpt = failure.details.responseExcerpt;
  return {
    code: failure.code,
    message: redactSecrets(failure.message),
    retryable: failure.retryable,
    status: failure.status ?? null,
    responseExcerpt: typeof excerpt === 'string' ? redactSecrets(excerpt).slice(0, EXCERPT_LENGTH) : null,
  };
}

/**
 * True for a write whose answer was lost (timeout or reset after sending): it may have been
 * applied, so a create must be looked up by its external reference before it is sent again.
 *
 * @example
 * if (isAmbiguousWrite(result.error)) pendingLookups.push(item);
 */
export function isAmbiguousWrite(error: unknown): boolean {
  return error instanceof TransportError ? error.ambiguous : toIntegrationError(error).code === 'timeout';
}
