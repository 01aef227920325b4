import { describe, expect, it } from 'vitest';
import { errorFromHttpFailure, parseRetryAfter } from './http-status-error';
import { isRetryable, RateLimitedError, ValidationError } from './integration-error';

describe('errorFromHttpFailure', () => {
  it.each([
    [400, 'validation_failed', false],
    [401, 'auth_failed', false],
    [403, 'permission_denied', false],
    [404, 'not_found', false],
    [408, 'timeout', true],
    [409, 'stale_etag', false],
    [412, 'stale_etag', false],
    [425, 'timeout', true],
    [429, 'rate_limited', true],
    [500, 'server_error', true],
    [502, 'server_error', true],
    [503, 'server_error', true],
    [504, 'server_error', true],
    [418, 'unexpected_response', false],
  ])('%i -> %s (retryable %s)', (status, code, retryable) => {
    const error = errorFromHttpFailure({ status, message: 'x' });
    expect(error.code).toBe(code);
    expect(isRetryable(error)).toBe(retryable);
    expect(error.status).toBe(status);
  });

  it('keeps Retry-After and field errors', () => {
    const limited = errorFromHttpFailure({ status: 429, message: 'slow', retryAfter: '3' });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(3000);
    const invalid = errorFromHttpFailure({
      status: 400,
      message: 'bad',
      fieldErrors: [{ field: 'email', message: 'not an email' }],
    });
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fieldErrors[0]?.field).toBe('email');
  });

  it('parses Retry-After as seconds or HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
