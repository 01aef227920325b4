import type { FaultInjector } from './erp-faults';
import { type ErpRequest, type ErpResponse, type Grants, ODATA_JSON, odataError } from './erp-response';
import type { RequestStats } from './erp-stats';

/** Most operations BC accepts in one `$batch`. */
export const MAX_BATCH_REQUESTS = 100;

/** What {@link handleBatch} needs from the app. */
export interface BatchContext {
  handle: (request: ErpRequest) => ErpResponse;
  serviceRoot: string;
  grants: Grants;
  faults: FaultInjector;
  stats: RequestStats;
}

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

const SERVICE_PATH = '/api/v2.0/';

/**
 * Answers `POST /api/v2.0/$batch` in OData JSON batch format: `{ requests: [{ id, method, url,
 * headers, body }] }` -> `{ responses: [{ id, status, headers, body }] }`. Each operation runs
 * on its own (one failure does not fail the others), in order, with the envelope's credentials.
 * Injected error rates are rolled per operation; latency, rate limit and commit-then-drop
 * apply to the envelope (see README).
 *
 * @example
 * const response = handleBatch({ requests: [{ id: '1', method: 'GET', url: 'companies' }] }, context);
 */
export function handleBatch(body: unknown, context: BatchContext): ErpResponse {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) {
    return odataError(400, 'BadRequest', "The batch body must be a JSON object with a 'requests' array.");
  }
  if (requests.length > MAX_BATCH_REQUESTS) {
    return odataError(
      400,
      'BadRequest',
      `The batch contains ${requests.length} operations; at most ${MAX_BATCH_REQUESTS} are allowed.`,
    );
  }
  const parsed: SubRequest[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of requests.entries()) {
    const sub = parseSubRequest(raw);
    if (typeof sub === 'string') return odataError(400, 'BadRequest', `Batch request ${index}: ${sub}`);
    if (seen.has(sub.id)) return odataError(400, 'BadRequest', `Batch request id '${sub.id}' is used more than once.`);
    seen.add(sub.id);
    parsed.push(sub);
  }
  let committed = false;
  const responses = parsed.map((sub) => {
    const response = runSubRequest(sub, context);
    committed ||= response.committed === true;
    return {
      id: sub.id,
      status: response.status,
      headers: response.headers,
      ...(response.body === undefined ? {} : { body: response.body }),
    };
  });
  return { status: 200, headers: { 'content-type': ODATA_JSON }, body: { responses }, committed };
}

function parseSubRequest(raw: unknown): SubRequest | string {
  if (typeof raw !== 'object' || raw === null) return 'must be an object.';
  const { id, method, url, headers, body, atomicityGroup, dependsOn } = raw as Record<string, unknown>;
  if (typeof id !== 'string' && typeof id !== 'number') return "'id' is required.";
  if (typeof method !== 'string') return "'method' is required.";
  if (typeof url !== 'string') return "'url' is required.";
  if (atomicityGroup !== undefined || dependsOn !== undefined) {
    return "'atomicityGroup' and 'dependsOn' are not supported by the mock.";
  }
  const lowered: Record<string, string> = {};
  if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = String(value);
  }
  return { id: String(id), method: method.toUpperCase(), url, headers: lowered, body };
}

function runSubRequest(sub: SubRequest, context: BatchContext): ErpResponse {
  let url: URL;
  try {
    url = new URL(sub.url, context.serviceRoot);
  } catch {
    return odataError(400, 'BadRequest', `The url '${sub.url}' is not valid.`);
  }
  if (!url.pathname.startsWith(SERVICE_PATH)) {
    return odataError(
      404,
      'BadRequest_NotFound',
      `No HTTP resource was found that matches the request URI '${sub.url}'.`,
    );
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(SERVICE_PATH.length));
  } catch {
    return odataError(400, 'BadRequest', `The url '${sub.url}' is not valid.`);
  }
  context.stats.record(sub.method, path, false);
  if (path === '$batch') return odataError(400, 'BadRequest', 'A $batch cannot contain another $batch.');
  const injected = context.faults.rollError();
  if (injected) return injected;
  let body = sub.body;
  if (typeof body === 'string' && body.trim() !== '') {
    try {
      body = JSON.parse(body);
    } catch {
      return odataError(400, 'BadRequest', 'The request body is not valid JSON.');
    }
  }
  return context.handle({
    method: sub.method,
    path,
    query: url.searchParams,
    header: (name) => sub.headers[name],
    body,
    serviceRoot: context.serviceRoot,
    grants: context.grants,
  });
}
