import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError, RateLimitedError } from '../../../src/errors';
import { createErpClient } from './create-erp-client';

// Edge cases a real server cannot produce on demand; everything else is tested against the mock.
// Timeouts and resets are in erp-http.socket.test.ts: with the installed @mswjs/interceptors,
// nock 14's delay() and replyWithError() never reach axios (the request just hangs).
const BASE = 'http://erp.test';
const COMPANY = 'b1c8f0a4-5d2e-4f17-9c3a-0e6d7a2b4c91';
const TOKEN = 'nock-secret-token';
const CUSTOMERS = `/api/v2.0/companies(${COMPANY})/customers`;
const customer = {
  '@odata.etag': 'W/"JzE7MTswMDsn"',
  id: '5d115c9c-44e3-4a11-bb43-000d3a2feca1',
  number: 'C00010',
  displayName: 'Adatum',
  lastModifiedDateTime: '2026-01-01T00:00:00.000Z',
};

const client = () => createErpClient({ baseUrl: BASE, token: TOKEN, companyId: COMPANY, retries: 2, retryDelayMs: 1 });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('ERP client edge cases (nock)', () => {
  it('maps 429 with Retry-After to RateLimitedError.retryAfterMs and does not retry it', async () => {
    let calls = 0;
    nock(BASE)
      .get(CUSTOMERS)
      .query(true)
      .times(3)
      .reply(() => {
        calls += 1;
        return [429, { error: { code: 'Application_TooManyRequests', message: 'slow down' } }, { 'Retry-After': '7' }];
      });
    const error = await client()
      .listChanges({ entity: 'customer', since: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    expect(calls).toBe(1);
  });

  it('maps a per-operation 429 in $batch to that item only, and a missing answer to unexpected_response', async () => {
    nock(BASE)
      .post('/api/v2.0/$batch')
      .reply(200, {
        responses: [
          { id: '0', status: 201, headers: {}, body: customer },
          {
            id: '1',
            status: 429,
            headers: { 'Retry-After': '3' },
            body: { error: { code: 'TooMany', message: 'later' } },
          },
        ],
      });
    const [created, limited, missing] = await client().upsertBatch('customer', [
      { key: 'a', fields: { displayName: 'A' } },
      { key: 'b', fields: { displayName: 'B' } },
      { key: 'c', fields: { displayName: 'C' } },
    ]);
    expect(created).toMatchObject({ ok: true, record: { id: customer.id, etag: customer['@odata.etag'] } });
    const error = limited?.ok === false ? limited.error : undefined;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(3000);
    expect(missing?.ok === false && missing.error.code).toBe('unexpected_response');
  });

  it('maps a malformed JSON body to unexpected_response', async () => {
    nock(BASE).get(CUSTOMERS).query(true).reply(200, '{"value": [', { 'content-type': 'application/json' });
    const error = await client()
      .listChanges({ entity: 'customer', since: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ code: 'unexpected_response', retryable: false });
  });

  it('refuses to follow a nextLink to another host (it would receive the token)', async () => {
    await expect(
      client().listChanges({ entity: 'customer', since: null, pageToken: 'http://evil.test/api/v2.0/companies' }),
    ).rejects.toMatchObject({ code: 'unexpected_response' });
  });
});
