import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError, RateLimitedError, ServerError, TransportError, ValidationError } from '../../../src/errors';
import { startCrmServer } from '../server/start-crm-server';
import { createCrmHttp } from './crm-http';

const BASE = 'http://crm.test';
const TOKEN = 'secret-token-never-logged';
const http = () => createCrmHttp({ baseUrl: BASE, token: TOKEN, timeoutMs: 100, retries: 2, retryDelayMs: 1 });
const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as IntegrationError,
  );
// nock needs an Error instance here: a plain object is taken for a response.
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const leaksToken = (error: unknown) =>
  JSON.stringify(error).includes(TOKEN) ||
  String((error as Error).message).includes(TOKEN) ||
  JSON.stringify((error as Error).cause ?? {}).includes(TOKEN);

describe('crm-http against a real mock server', () => {
  it('maps a 400 with HubSpot field errors onto ValidationError.fieldErrors', async () => {
    const crm = await startCrmServer({ seed: false });
    const client = createCrmHttp({ baseUrl: crm.url, token: 'dev-crm-token', timeoutMs: 2000 });
    try {
      const error = await caught(
        client.request({
          method: 'POST',
          path: '/crm/v3/objects/contacts',
          body: { properties: { email: 'nope', age: 3 } },
        }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.map((e) => e.field).sort()).toEqual(['age', 'email']);
      expect(error?.details).toMatchObject({ operation: 'POST /crm/v3/objects/contacts' });
    } finally {
      client.close();
      await crm.close();
    }
  });

  it('retries a refused connection, then fails with a non-ambiguous TransportError that hides the token', async () => {
    const crm = await startCrmServer({ seed: false });
    const url = crm.url;
    await crm.close();
    const client = createCrmHttp({ baseUrl: url, token: TOKEN, timeoutMs: 500, retries: 2, retryDelayMs: 1 });
    const error = await caught(
      client.request({ method: 'POST', path: '/crm/v3/objects/companies/batch/create', body: {} }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ ambiguous: false, code: 'transport', retryable: true });
    expect(error?.message).toContain('ECONNREFUSED');
    expect(leaksToken(error)).toBe(false);
    client.close();
  });
});

describe('crm-http edge cases (nock)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  it('sends the bearer token and maps 429 Retry-After onto RateLimitedError.retryAfterMs, without retrying', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/crm/v3/objects/companies')
      .reply(
        429,
        { status: 'error', category: 'RATE_LIMITS', message: 'You have reached your secondly limit.' },
        {
          'Retry-After': '2',
        },
      );
    const error = await caught(http().request({ method: 'GET', path: '/crm/v3/objects/companies' }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(2000);
    expect(error?.message).toContain('RATE_LIMITS');
    expect(scope.isDone()).toBe(true);
  });

  it('does not retry a 503 (the queue retries jobs) and keeps an excerpt of a non-JSON body', async () => {
    nock(BASE).get('/crm/v3/objects/companies').reply(503, '<html>busy</html>');
    const error = await caught(http().request({ method: 'GET', path: '/crm/v3/objects/companies' }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error?.details.responseExcerpt).toBe('<html>busy</html>');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('retries a read that timed out, then succeeds', async () => {
    const scope = nock(BASE)
      .post('/crm/v3/objects/companies/search')
      .delay(300)
      .reply(200, { total: 0, results: [] })
      .post('/crm/v3/objects/companies/search')
      .reply(200, { total: 1, results: [] });
    const response = await http().request({
      method: 'POST',
      path: '/crm/v3/objects/companies/search',
      body: {},
      read: true,
    });
    expect(response.data).toEqual({ total: 1, results: [] });
    expect(scope.isDone()).toBe(true);
  });

  it('never retries a write that timed out: ambiguous TransportError after exactly one request', async () => {
    let received = 0;
    nock(BASE)
      .post('/crm/v3/objects/companies/batch/create')
      .times(3)
      .delay(300)
      .reply(() => {
        received++;
        return [201, { results: [] }];
      });
    const error = await caught(
      http().request({ method: 'POST', path: '/crm/v3/objects/companies/batch/create', body: { inputs: [] } }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ ambiguous: true, code: 'timeout' });
    expect(error?.message).toContain('may have been applied');
    expect(received).toBe(1);
    expect(leaksToken(error)).toBe(false);
  });

  it('retries a read whose connection was reset, but not a write', async () => {
    nock(BASE)
      .get('/crm/v3/objects/contacts/1')
      .replyWithError(reset())
      .get('/crm/v3/objects/contacts/1')
      .reply(200, { id: '1' });
    expect((await http().request({ method: 'GET', path: '/crm/v3/objects/contacts/1' })).data).toEqual({ id: '1' });

    nock(BASE)
      .patch('/crm/v3/objects/contacts/1')
      .replyWithError(reset())
      .patch('/crm/v3/objects/contacts/1')
      .reply(200, { id: '1' });
    const error = await caught(http().request({ method: 'PATCH', path: '/crm/v3/objects/contacts/1', body: {} }));
    expect(error).toMatchObject({ ambiguous: true, code: 'timeout' });
    expect(error?.message).toContain('ECONNRESET');
    expect(nock.pendingMocks()).toHaveLength(1);
  });

  it('turns a malformed JSON body into unexpected_response', async () => {
    nock(BASE).get('/crm/v3/objects/companies').reply(200, '{"results": [', { 'Content-Type': 'application/json' });
    const error = await caught(http().request({ method: 'GET', path: '/crm/v3/objects/companies' }));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ code: 'unexpected_response', retryable: false, status: 200 });
  });
});
