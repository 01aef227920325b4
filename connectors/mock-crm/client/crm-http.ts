import http from 'node:http';
import https from 'node:https';
import axios, { isAxiosError } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import type { RateLimiter } from '../../../src/connectors';
import { errorFromHttpFailure, IntegrationError, parseRetryAfter, TransportError } from '../../../src/errors';
import { fieldErrorsOf, HubSpotErrorBody } from './hubspot-error-body';

/** Options of {@link createCrmHttp}. */
export interface CrmHttpOptions {
  baseUrl: string;
  /** Bearer token; sent in a header and never copied into errors or logs. */
  token: string;
  timeoutMs: number;
  /** Transport retries for calls that are safe to repeat (default 3). */
  retries?: number;
  /** First retry delay, doubled each time with jitter (default 200 ms). */
  retryDelayMs?: number;
  /** Shared request budget: taken before every call, paused by a 429's Retry-After. */
  rateLimiter?: RateLimiter | undefined;
}

/** One API call. */
export interface CrmCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, e.g. `/crm/v3/objects/companies`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** True when repeating the call cannot change data (GET, search, batch read). Default: GET only. */
  read?: boolean;
  /** Error statuses returned instead of thrown: batch writes read per-input errors from a 400. */
  allowStatuses?: readonly number[];
}

/** A parsed response. */
export interface CrmResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string | undefined>;
  /** Raw body, kept for error excerpts. */
  text: string;
}

/** The HTTP layer the connector's methods use. */
export interface CrmHttp {
  request<T = unknown>(call: CrmCall): Promise<CrmResponse<T>>;
  /** Maps an error response onto our error classes (the same mapping `request` throws). */
  toError(response: CrmResponse, operation: string): IntegrationError;
  /** Destroys pooled sockets. */
  close(): void;
}

/** Connection never established: nothing was sent, so any call may be repeated. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMED_OUT = new Set(['ETIMEDOUT', 'ECONNABORTED']);

/**
 * HTTP client of the mock CRM connector: keep-alive sockets, bearer token, timeout, and a
 * single mapping of failures onto our errors. Only transport failures are retried here, and
 * only when safe: connection refused and DNS failures for any call, timeouts and resets for
 * reads only. A write that timed out or was reset may have been applied, so it throws a
 * `TransportError` with `ambiguous: true` and is left to the engine. HTTP errors (429, 5xx)
 * are never retried here: that is the queue's job.
 *
 * @example
 * const crm = createCrmHttp({ baseUrl: 'http://127.0.0.1:4010', token, timeoutMs: 10_000 });
 * const { data } = await crm.request({ method: 'GET', path: '/crm/v3/objects/companies', query: { limit: 1 } });
 */
export function createCrmHttp(options: CrmHttpOptions): CrmHttp {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });
  const client = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    httpAgent,
    httpsAgent,
    // Never route through an environment proxy, and keep the raw body to detect bad JSON.
    proxy: false,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
  });

  const toError = (response: CrmResponse, operation: string): IntegrationError => {
    const body = HubSpotErrorBody.safeParse(response.data);
    const parsed = body.success ? body.data : {};
    const category = parsed.category ? `${parsed.category}: ` : '';
    return errorFromHttpFailure({
      status: response.status,
      message: `${category}${parsed.message ?? `HTTP ${response.status}`}`,
      retryAfter: response.headers['retry-after'] ?? null,
      fieldErrors: fieldErrorsOf(parsed.errors),
      bodyExcerpt: response.text.slice(0, 500),
      operation,
    });
  };

  const attempt = async <T>(call: CrmCall, operation: string): Promise<CrmResponse<T>> => {
    const read = call.read ?? call.method === 'GET';
    let raw: { status: number; data: unknown; headers: Record<string, unknown> };
    await options.rateLimiter?.acquire();
    try {
      raw = await client.request({ method: call.method, url: call.path, params: call.query, data: call.body });
    } catch (error) {
      const failure = transportFailure(error, operation, read, options.timeoutMs);
      throw failure.retry ? failure.error : new AbortError(failure.error);
    }
    const text = typeof raw.data === 'string' ? raw.data : '';
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(raw.headers ?? {})) headers[name.toLowerCase()] = value as string;
    const response: CrmResponse<T> = { status: raw.status, data: undefined as T, headers, text };
    if (raw.status === 429) await options.rateLimiter?.pause(parseRetryAfter(headers['retry-after']) ?? 1000);
    const ok = raw.status >= 200 && raw.status < 300;
    if (!ok && !call.allowStatuses?.includes(raw.status)) {
      response.data = tryJson(text) as T;
      throw new AbortError(toError(response, operation));
    }
    if (text.trim() === '') return response;
    const data = tryJson(text);
    // An allowed error status with an unreadable body is still an error: the caller maps it.
    if (data === undefined && ok) {
      throw new AbortError(
        new IntegrationError('unexpected_response', `${operation}: the response body is not valid JSON`, {
          status: raw.status,
          details: { operation, responseExcerpt: text.slice(0, 200) },
        }),
      );
    }
    response.data = data as T;
    return response;
  };

  return {
    request<T>(call: CrmCall) {
      const operation = `${call.method} ${call.path}`;
      return pRetry(() => attempt<T>(call, operation), {
        retries: options.retries ?? 3,
        minTimeout: options.retryDelayMs ?? 200,
        factor: 2,
        randomize: true,
        maxTimeout: 5000,
      });
    },
    toError,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function transportFailure(
  error: unknown,
  operation: string,
  read: boolean,
  timeoutMs: number,
): { error: TransportError; retry: boolean } {
  const code = isAxiosError(error) ? (error.code ?? codeOf(error.cause)) : codeOf(error);
  const neverSent = code !== undefined && NEVER_SENT.has(code);
  const reason = neverSent
    ? `cannot connect (${code})`
    : code !== undefined && TIMED_OUT.has(code)
      ? `no answer within ${timeoutMs} ms`
      : `connection failed (${code ?? 'unknown'})`;
  const ambiguous = !neverSent && !read;
  const suffix = ambiguous ? '; the write may have been applied' : '';
  // A fresh cause: the axios error holds the request config, headers and token included.
  const cause = Object.assign(new Error(error instanceof Error ? error.message : String(error)), { code });
  return {
    error: new TransportError(`${operation}: ${reason}${suffix}`, ambiguous, { cause, details: { operation, code } }),
    retry: neverSent || read,
  };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
