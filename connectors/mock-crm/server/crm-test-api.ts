import type { RunningCrmServer } from './start-crm-server';

/** A parsed response for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert bodies structurally with expect(); typing every HubSpot shape again here would only duplicate the server.
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Tiny fetch wrapper for the mock's own tests: real HTTP against a running server, bearer
 * token included, JSON in and out.
 *
 * @example
 * const api = crmTestApi(crm);
 * const { status, body } = await api.get('/crm/v3/objects/companies?limit=5');
 */
export function crmTestApi(crm: Pick<RunningCrmServer, 'url'>, token = 'dev-crm-token') {
  const call = async (method: string, path: string, body?: unknown, auth: string | null = token) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth !== null) headers.authorization = `Bearer ${auth}`;
    const response = await fetch(`${crm.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    } as TestResponse;
  };
  return {
    get: (path: string, auth?: string | null) => call('GET', path, undefined, auth),
    post: (path: string, body: unknown, auth?: string | null) => call('POST', path, body, auth),
    put: (path: string, auth?: string | null) => call('PUT', path, undefined, auth),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}
