import { describe, expect, it } from 'vitest';
import { failureFacts, isAmbiguousWrite, redactSecrets } from './failure-facts';
import { errorFromHttpFailure } from './http-status-error';
import { TransportError } from './integration-error';

describe('failureFacts', () => {
  it('keeps code, status and a redacted response excerpt', () => {
    const error = errorFromHttpFailure({
      status: 403,
      message: 'no Contact module',
      bodyExcerpt: '{"error":"denied","echo":"Authorization: Bearer sk-live-123","token":"abc"}',
    });
    const facts = failureFacts(error);
    expect(facts).toMatchObject({ code: 'permission_denied', status: 403, retryable: false });
    expect(facts.responseExcerpt).not.toContain('sk-live-123');
    expect(facts.responseExcerpt).not.toContain('"abc"');
    expect(facts.responseExcerpt).toContain('denied');
  });

  it('treats anything unknown as an internal error', () => {
    expect(failureFacts(new Error('boom'))).toMatchObject({ code: 'internal', status: null, retryable: false });
  });

  it('redacts bearer tokens and token parameters in text', () => {
    expect(redactSecrets('GET /x?access_token=s3cr3t&a=1 Bearer abc.def')).toBe(
      'GET /x?access_token=[redacted]&a=1 Bearer [redacted]',
    );
  });

  it('recognises a write whose answer was lost', () => {
    expect(isAmbiguousWrite(new TransportError('reset after send', true))).toBe(true);
    expect(isAmbiguousWrite(new TransportError('refused', false))).toBe(false);
  });
});
