import { describe, expect, it } from 'vitest';
import { IntegrationError, NotFoundError, RateLimitedError, ServerError } from '../errors';
import { planRetry } from './retry-plan';

const backoff = { type: 'exponential', baseMs: 100 } as const;

describe('planRetry', () => {
  it('retries a retryable error after the backoff delay of the failed attempt', () => {
    const plan = planRetry({ error: new ServerError('boom', 503), attempt: 2, maxAttempts: 5, backoff });
    expect(plan).toEqual({
      willRetry: true,
      delayMs: 200,
      error: { code: 'server_error', message: 'boom', retryable: true },
    });
  });

  it('sends a non-retryable error to the dead-letter state at once', () => {
    const plan = planRetry({ error: new NotFoundError('customer 42'), attempt: 1, maxAttempts: 5, backoff });
    expect(plan).toEqual({
      willRetry: false,
      error: { code: 'not_found', message: 'customer 42', retryable: false },
    });
  });

  it('treats an unknown error as a non-retryable internal bug', () => {
    expect(planRetry({ error: new TypeError('x is undefined'), attempt: 1, maxAttempts: 5, backoff })).toEqual({
      willRetry: false,
      error: { code: 'internal', message: 'x is undefined', retryable: false },
    });
    expect(planRetry({ error: 'thrown string', attempt: 1, maxAttempts: 5, backoff }).error.message).toBe(
      'thrown string',
    );
  });

  it('is dead after the last attempt even when the error is retryable', () => {
    const plan = planRetry({ error: new ServerError('boom', 500), attempt: 3, maxAttempts: 3, backoff });
    expect(plan.willRetry).toBe(false);
    expect(plan.error.retryable).toBe(true);
  });

  it('waits for retryAfterMs when it is longer than the backoff, and for the backoff otherwise', () => {
    const slow = planRetry({ error: new RateLimitedError('429', 5_000), attempt: 1, maxAttempts: 5, backoff });
    expect(slow).toMatchObject({ willRetry: true, delayMs: 5_000 });
    const fast = planRetry({ error: new RateLimitedError('429', 10), attempt: 3, maxAttempts: 5, backoff });
    expect(fast).toMatchObject({ willRetry: true, delayMs: 400 });
    const unknown = planRetry({ error: new RateLimitedError('429'), attempt: 1, maxAttempts: 5, backoff });
    expect(unknown).toMatchObject({ willRetry: true, delayMs: 100 });
  });

  it('honours a retryable override on an error whose code is not retryable by default', () => {
    const error = new IntegrationError('not_found', 'replica lag', { retryable: true });
    expect(planRetry({ error, attempt: 1, maxAttempts: 2, backoff })).toMatchObject({ willRetry: true });
  });
});
