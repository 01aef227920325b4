/** What an entity set's credentials allow: every set (`'*'`) or the listed ones. */
export type Grants = '*' | ReadonlySet<string>;

/**
 * One API operation, independent of HTTP: a plain request is one, and so is each
 * sub-request of a `$batch`, so both go through the same code.
 */
export interface ErpRequest {
  method: string;
  /** Path below the service root, decoded: `companies(…)/customers(…)`. */
  path: string;
  query: URLSearchParams;
  /** Header lookup by lower-case name. */
  header: (name: string) => string | undefined;
  /** Parsed JSON body, if any. */
  body: unknown;
  /** Absolute URL of the service root, ending in `/api/v2.0/`; used for `@odata.nextLink`. */
  serviceRoot: string;
  grants: Grants;
}

/** The answer to an {@link ErpRequest}. */
export interface ErpResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** True when the operation changed the store (for commit-then-drop fault injection). */
  committed?: boolean;
}

/** One entry of an OData error's `details`. */
export interface ErrorDetail {
  code: string;
  target: string;
  message: string;
}

/** Content type BC sends with JSON bodies. */
export const ODATA_JSON = 'application/json; odata.metadata=minimal; odata.streaming=true';

/**
 * Builds a Business Central / OData error response: `{ error: { code, message, details? } }`.
 *
 * @example
 * return odataError(404, 'Internal_RecordNotFound', 'The Customer does not exist.');
 */
export function odataError(
  status: number,
  code: string,
  message: string,
  details?: readonly ErrorDetail[],
  headers: Record<string, string> = {},
): ErpResponse {
  const error = details && details.length > 0 ? { code, message, details } : { code, message };
  return { status, headers: { 'content-type': ODATA_JSON, ...headers }, body: { error } };
}
