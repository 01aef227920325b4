import type { Context } from 'hono';
import type { z } from 'zod';

/** Who may call a route: `viewer` reads, `admin` also changes things. */
export type Role = 'viewer' | 'admin';

/** HTTP methods the admin API uses. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Parsed input of a route, typed from its schemas. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Role of the caller (set by the auth middleware). */
  role: Role;
}

/**
 * One admin API route: the zod schemas of its input and output are the single source for
 * validation and for the OpenAPI document.
 */
export interface ApiRoute<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: Method;
  /** Hono path, e.g. `/runs/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** Minimum role; defaults to `viewer` for GET and `admin` otherwise. */
  role?: Role;
  /** Routes without auth (health probes). */
  public?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType<R>;
  /** Status of a success (default 200). */
  status?: 200 | 201 | 202;
  handler: (input: RouteInput<P, Q, B>, c: Context) => Promise<R> | R;
}

/**
 * Declares a route with its types inferred from the schemas.
 *
 * @example
 * export const getRun = defineRoute({ method: 'get', path: '/runs/:id', summary: 'One run', tag: 'runs',
 *   params: z.object({ id: z.string() }), response: RunSchema, handler: ({ params }) => store.getRun(params.id) });
 */
export function defineRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(
  route: ApiRoute<P, Q, B, R>,
): ApiRoute<P, Q, B, R> {
  return route;
}

/** The role a route needs. */
export function requiredRole(route: ApiRoute): Role {
  return route.role ?? (route.method === 'get' ? 'viewer' : 'admin');
}
