/** A JSON record as the mocks answer it. */
// biome-ignore lint/suspicious/noExplicitAny: the demo reads a few fields of HubSpot and BC answers; typing both APIs again here would only duplicate the connectors.
export type Json = any;

/** What {@link demoHttp} returns: the calls a user (or a script) would make to the CRM and ERP. */
export interface DemoHttp {
  /** CRM v3 call below `/crm/v3/objects/`. */
  crm(method: string, path: string, body?: unknown): Promise<Json>;
  /** ERP v2.0 call below the first company, e.g. `salesOrders?$filter=...`. */
  erp(method: string, path: string, body?: unknown): Promise<Json>;
  /** The ERP mock's fulfilment simulator (`POST /__admin/fulfil`). */
  fulfil(orderId: string, steps: ('ship' | 'invoice' | 'pay')[]): Promise<Json>;
}

/** Where the demo's systems are and which tokens open them. */
export interface DemoSystems {
  crmUrl: string;
  crmToken: string;
  erpUrl: string;
  erpToken: string;
}

/**
 * Plain fetch helpers over the mocks' public HTTP APIs. The demo goes through HTTP, not the
 * connectors, so what it shows is what a salesperson and the warehouse would do.
 *
 * @example
 * const http = demoHttp({ crmUrl, crmToken: 'dev-crm-token', erpUrl, erpToken: 'dev-erp-token' });
 * const deal = await http.crm('POST', 'deals', { properties: { dealname: 'Bikes' } });
 */
export function demoHttp(systems: DemoSystems): DemoHttp {
  const call = async (url: string, token: string | undefined, method: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    // Business Central refuses an update without a concurrency token; '*' is "whatever is current".
    if (method === 'PATCH') headers['if-match'] = '*';
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  let companyPath: string | undefined;
  const erpRoot = async () => {
    if (!companyPath) {
      const companies = await call(`${systems.erpUrl}/api/v2.0/companies`, systems.erpToken, 'GET');
      companyPath = `${systems.erpUrl}/api/v2.0/companies(${companies.value[0].id})`;
    }
    return companyPath;
  };
  return {
    crm: (method, path, body) => call(`${systems.crmUrl}/crm/v3/objects/${path}`, systems.crmToken, method, body),
    erp: async (method, path, body) => call(`${await erpRoot()}/${path}`, systems.erpToken, method, body),
    fulfil: (orderId, steps) => call(`${systems.erpUrl}/__admin/fulfil`, undefined, 'POST', { orderId, steps }),
  };
}
