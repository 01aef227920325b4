import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import type { ConnectorContext } from '../../../src/connectors';
import { IntegrationError, parseRetryAfter, TransportError } from '../../../src/errors';
import { errorFromErpFailure } from './erp-error';

/** Options of {@link createErpHttp}. */
export interface ErpHttpOptions {
  /** Everything before `/api/v2.0` (a trailing `/api/v2.0` is accepted too). */
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Retries of a safe-to-repeat transport failure. */
  retries: number;
  retryDelayMs: number;
  log?: ConnectorContext['log'];
  /** Shared request budget: taken before every call, paused by a 429's Retry-After. */
  rateLimiter?: ConnectorContext['rateLimiter'];
}

/** One call; `url` is relative to the service root, or an absolute `@odata.nextLink`. */
export interface ErpHttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A successful (2xx) answer with its parsed JSON body (undefined when empty). */
export interface ErpHttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

/** The HTTP layer of the ERP connector. */
export interface ErpHttp {
  /** Absolute service root ending in `/api/v2.0/`. */
  serviceRoot: string;
  request<T>(request: ErpHttpRequest): Promise<ErpHttpResponse<T>>;
  close(): void;
}

// The request never left: repeating it is safe for any method.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);

/**
 * Builds the ERP's HTTP client: keep-alive sockets, bearer token, timeout, BC error bodies
 * mapped onto our error classes. Only transport failures are retried here, and only when
 * safe: connection refused or DNS for any call, timeouts and resets for GET only. A write that
 * timed out or was reset may have been applied, so it fails at once with an ambiguous
 * TransportError (the engine resolves it by looking the record up). HTTP error statuses are
 * never retried here; the queue owns that. The token never appears in errors or logs.
 *
 * @example
 * const http = createErpHttp({ baseUrl, token, timeoutMs: 30_000, retries: 3, retryDelayMs: 200 });
 * const { data } = await http.request<{ value: unknown[] }>({ method: 'GET', url: 'companies' });
 */
export function createErpHttp(options: ErpHttpOptions): ErpHttp {
  const serviceRoot = `${options.baseUrl.replace(/\/+$/, '').replace(/\/api\/v2\.0$/, '')}/api/v2.0/`;
  const origin = new URL(serviceRoot).origin;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  const client: AxiosInstance = axios.create({
    baseURL: serviceRoot,
    timeout: options.timeoutMs,
    httpAgent,
    httpsAgent,
    headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
    // Raw text in, so a malformed body is ours to report, not silently a string.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    // A redirect could carry the token elsewhere; BC does not redirect API calls.
    maxRedirects: 0,
    // %20 for spaces: not every OData server reads '+' in a query as a space.
    paramsSerializer: {
      serialize: (params: Record<string, string>) =>
        Object.entries(params)
          .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
          .join('&'),
    },
  });

  async function attempt<T>(request: ErpHttpRequest, operation: string): Promise<ErpHttpResponse<T>> {
    let response: AxiosResponse<unknown>;
    await options.rateLimiter?.acquire();
    try {
      response = await client.request({
        method: request.method,
        url: request.url,
        ...(request.params ? { params: request.params } : {}),
        ...(request.headers ? { headers: request.headers } : {}),
        ...(request.body === undefined ? {} : { data: request.body }),
      });
    } catch (error) {
      const failure = transportFailure(error, request.method, operation);
      throw failure.retry ? failure.error : new AbortError(failure.error);
    }
    const headers = flattenHeaders(response.headers as Record<string, unknown>);
    const text = typeof response.data === 'string' ? response.data : '';
    if (response.status === 429) await options.rateLimiter?.pause(parseRetryAfter(headers['retry-after']) ?? 1000);
    if (response.status >= 300) {
      throw new AbortError(
        errorFromErpFailure({ status: response.status, body: text, retryAfter: headers['retry-after'], operation }),
      );
    }
    let data: unknown;
    if (text.trim() !== '') {
      try {
        data = JSON.parse(text);
      } catch (cause) {
        throw new AbortError(
          new IntegrationError('unexpected_response', `${operation}: the response is not valid JSON`, {
            status: response.status,
            cause: new Error((cause as Error).message),
            details: { operation, responseExcerpt: text.slice(0, 200) },
          }),
        );
      }
    }
    return { status: response.status, headers, data: data as T };
  }

  return {
    serviceRoot,
    async request<T>(request: ErpHttpRequest): Promise<ErpHttpResponse<T>> {
      if (/^https?:/i.test(request.url) && new URL(request.url).origin !== origin) {
        // A nextLink to another host would receive our token.
        throw new IntegrationError('unexpected_response', `refusing to follow a link outside ${origin}`);
      }
      const operation = `${request.method} ${describePath(request.url, serviceRoot)}`;
      return pRetry(() => attempt<T>(request, operation), {
        retries: options.retries,
        minTimeout: options.retryDelayMs,
        factor: 2,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft > 0) {
            options.log?.('warn', 'ERP call failed, retrying', {
              operation,
              attempt: attemptNumber,
              error: error.message,
            });
          }
        },
      });
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** Classifies an axios failure without a response, and says whether repeating it is safe. */
function transportFailure(
  error: unknown,
  method: string,
  operation: string,
): { error: TransportError; retry: boolean } {
  const axiosError = error as AxiosError;
  const code = axiosError.code ?? (axiosError.cause as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  const reason = timedOut ? 'timed out' : `failed (${code})`;
  // A plain Error as cause: the axios error holds the request config, token included.
  const cause = new Error(`${code}: ${axiosError.message}`);
  // Never sent, or a read: repeating cannot apply anything twice.
  if (NOT_SENT.has(code) || method === 'GET') {
    return {
      error: new TransportError(`${operation} ${reason}`, false, { cause, details: { operation, code } }),
      retry: true,
    };
  }
  const message = `${operation} ${reason}; the write may have been applied`;
  return { error: new TransportError(message, true, { cause, details: { operation, code } }), retry: false };
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

/** The path below the service root, without the query (filter values make poor error text). */
function describePath(url: string, serviceRoot: string): string {
  const path = url.startsWith(serviceRoot) ? url.slice(serviceRoot.length) : url;
  return path.split('?')[0] ?? path;
}
