import type { ErpServer } from './start-erp-server';

/** A record as the mock answers it, for tests. */
export interface TestEntity {
  id: string;
  number: string;
  [field: string]: unknown;
}

/** A parsed answer: an entity, a collection (`value`), an error, or the simulator's `actions`. */
export interface TestBody extends TestEntity {
  error: { code: string; message: string; details?: { code: string; target: string; message: string }[] };
  value: TestEntity[];
  actions: { step: string; orderId: string; [field: string]: unknown }[];
}

/** What {@link erpTestApi} returns: small fetch helpers bound to one server and token. */
export interface ErpTestApi {
  /** Any call below the company, e.g. `salesOrders(…)/salesOrderLines`; the body parsed as JSON. */
  call(path: string, init?: RequestInit): Promise<{ status: number; body: TestBody }>;
  post(set: string, body: unknown, query?: string): Promise<{ status: number; body: TestBody }>;
  get(set: string, id: string): Promise<TestEntity>;
  list(set: string, query?: string): Promise<TestEntity[]>;
  /** `POST /__admin/fulfil`. */
  fulfil(body: unknown): Promise<{ status: number; body: TestBody }>;
}

/**
 * Fetch helpers for tests of the mock's sales API: real HTTP against a started server, with the
 * bearer token set and JSON bodies, so each test reads as the requests it makes.
 *
 * @example
 * const api = erpTestApi(erp, 'dev-erp-token');
 * const { status, body } = await api.post('salesOrders', { customerId, salesOrderLines });
 */
export function erpTestApi(server: ErpServer, token: string): ErpTestApi {
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    const response = await fetch(`${server.apiUrl}/companies(${server.companyId})/${path}`, { ...init, headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    post: (set, body, query = '') => call(`${set}${query}`, { method: 'POST', body: JSON.stringify(body) }),
    get: async (set, id) => (await call(`${set}(${id})`)).body,
    list: async (set, query = '') => (await call(`${set}${query}`)).body.value,
    fulfil: async (body) => {
      const response = await fetch(`${server.url}/__admin/fulfil`, { method: 'POST', body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as TestBody };
    },
  };
}
