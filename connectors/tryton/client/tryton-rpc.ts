import pRetry, { AbortError } from 'p-retry';
import { AuthError, errorFromHttpFailure, IntegrationError, TransportError } from '../../../src/errors';
import type { TrytonConfig } from './tryton-config';
import { errorFromTrytonRpc, type TrytonRpcError } from './tryton-error';
import { decodeValues } from './tryton-values';

/** A JSON-RPC session on one Tryton database. */
export interface TrytonRpc {
  /**
   * Calls `model.<model>.<method>` with `args` and the user context appended, as Tryton model
   * methods expect. Logs in on first use and once more if the session expired.
   */
  model<T = unknown>(model: string, method: string, args: unknown[], options?: { read?: boolean }): Promise<T>;
  /** Calls any method with a session and the context appended (`wizard.<name>.execute`). */
  invoke<T = unknown>(method: string, args: unknown[], options?: { read?: boolean }): Promise<T>;
  /** Calls a non-model method (`common.server.version`) without a context. */
  call<T = unknown>(method: string, params: unknown[]): Promise<T>;
  /** The user context from `model.res.user.get_preferences` (company, language, ...). */
  context(): Promise<Record<string, unknown>>;
  /** Forgets the session (the next call logs in again). */
  close(): void;
}

interface Session {
  header: string;
  context: Record<string, unknown>;
}

const READ_METHODS = new Set(['search', 'read', 'search_read', 'search_count', 'fields_get', 'get_preferences']);

/**
 * Builds the JSON-RPC client: `common.db.login` returns `[userId, key]`, sent back as
 * `Authorization: Session base64(login:userId:key)`; Tryton answers an unknown or expired
 * session with HTTP 401 and an HTML body, which triggers exactly one re-login and retry.
 * Reads are retried on transport failures; writes never are, since they may have been applied.
 *
 * @example
 * const rpc = createTrytonRpc(TrytonConfig.parse({ url, database: 'test', username: 'admin', password }));
 * const ids = await rpc.model<number[]>('party.party', 'search', [[], 0, 10, null]);
 */
export function createTrytonRpc(config: TrytonConfig): TrytonRpc {
  const endpoint = `${config.url.replace(/\/+$/, '')}/${encodeURIComponent(config.database)}/`;
  let session: Promise<Session> | undefined;
  let nextId = 1;
  const labels = new Map<string, Promise<Map<string, string>>>();

  const post = async (method: string, params: unknown[], header?: string): Promise<unknown> => {
    const operation = method;
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
        body: JSON.stringify({ id: nextId++, method, params }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const reason = timedOut ? `no answer within ${config.timeoutMs} ms` : causeOf(error);
      throw new TransportError(`${operation}: ${reason}`, timedOut, { cause: error, details: { operation } });
    }
    const text = await response.text();
    if (response.status !== 200) {
      // 401 (bad login or session) and 403 (unknown method) come as werkzeug HTML pages.
      throw errorFromHttpFailure({
        status: response.status,
        message: titleOf(text) ?? `HTTP ${response.status}`,
        retryAfter: response.headers.get('retry-after'),
        operation,
      });
    }
    let body: { result?: unknown; error?: TrytonRpcError };
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new IntegrationError('unexpected_response', `${operation}: the answer is not JSON`, { cause: error });
    }
    if (body.error !== undefined) {
      let mapped = errorFromTrytonRpc(body.error, operation);
      if (mapped.code === 'validation_failed') {
        const model = /^model\.(.+)\.[a-z_]+$/.exec(method)?.[1];
        if (model && header) {
          const byLabel = await labelsOf(model, header).catch(() => new Map<string, string>());
          mapped = errorFromTrytonRpc(body.error, operation, (_m, label) => byLabel.get(label));
        }
      }
      throw mapped;
    }
    return decodeValues(body.result);
  };

  const labelsOf = (model: string, header: string): Promise<Map<string, string>> => {
    let known = labels.get(model);
    if (!known) {
      known = post(`model.${model}.fields_get`, [[], {}], header).then((fields) => {
        const map = new Map<string, string>();
        for (const [name, field] of Object.entries(fields as Record<string, { string?: string }>)) {
          if (field.string && !map.has(field.string)) map.set(field.string, name);
        }
        return map;
      });
      labels.set(model, known);
      known.catch(() => labels.delete(model));
    }
    return known;
  };

  const login = async (): Promise<Session> => {
    const result = await post('common.db.login', [config.username, { password: config.password }]).catch(
      (error: unknown) => {
        if (error instanceof IntegrationError && error.code === 'auth_failed') {
          throw new AuthError(`Tryton rejected the login of "${config.username}" on database "${config.database}"`, {
            cause: error,
          });
        }
        throw error;
      },
    );
    if (!Array.isArray(result) || result.length < 2) {
      throw new IntegrationError('unexpected_response', 'common.db.login: expected [userId, sessionKey]');
    }
    const header = `Session ${Buffer.from(`${config.username}:${result[0]}:${result[1]}`).toString('base64')}`;
    const context = (await post('model.res.user.get_preferences', [true, {}], header)) as Record<string, unknown>;
    return { header, context };
  };

  const currentSession = (): Promise<Session> => {
    if (!session) {
      session = login();
      session.catch(() => {
        session = undefined;
      });
    }
    return session;
  };

  const withSession = async <T>(invoke: (s: Session) => Promise<T>): Promise<T> => {
    const first = await currentSession();
    try {
      return await invoke(first);
    } catch (error) {
      // A 401 on a model call means the session expired (idle timeout, server restart): the
      // call was refused before it ran, so one re-login and retry is safe even for writes.
      if (!(error instanceof AuthError)) throw error;
      if (session && (await session) === first) session = undefined;
      return invoke(await currentSession());
    }
  };

  const retrying = <T>(read: boolean, run: () => Promise<T>): Promise<T> =>
    read
      ? pRetry(
          async () => {
            try {
              return await run();
            } catch (error) {
              if (error instanceof TransportError) throw error;
              throw new AbortError(error as Error);
            }
          },
          { retries: config.retries, minTimeout: 100, factor: 2 },
        )
      : run();

  return {
    model: <T>(model: string, method: string, args: unknown[], options?: { read?: boolean }) =>
      retrying(options?.read ?? READ_METHODS.has(method), () =>
        withSession((s) => post(`model.${model}.${method}`, [...args, s.context], s.header) as Promise<T>),
      ),
    invoke: <T>(method: string, args: unknown[], options?: { read?: boolean }) =>
      retrying(options?.read ?? false, () =>
        withSession((s) => post(method, [...args, s.context], s.header) as Promise<T>),
      ),
    call: <T>(method: string, params: unknown[]) => retrying(true, () => post(method, params) as Promise<T>),
    context: async () => (await currentSession()).context,
    close() {
      session = undefined;
    },
  };
}

function titleOf(html: string): string | undefined {
  return /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
