import { serve } from '@hono/node-server';
import type { Env } from '../config/env';
import type { AdminDeps } from './admin-deps';
import { adminTokens } from './admin-wiring';
import { createAdminApp } from './create-admin-app';

/** A listening admin API. */
export interface AdminServer {
  /** Base URL, with the port the system chose when `PORT` is 0. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the admin API on `HOST:PORT` with the tokens of `ADMIN_TOKENS`/`VIEWER_TOKENS`. With no
 * admin token configured it generates one and prints it once on `print`, so a fresh `npm start`
 * is usable and the secret never reaches the log.
 *
 * @example
 * const admin = await startAdminServer(deps, env, (line) => process.stdout.write(line));
 * await admin.close();
 */
export async function startAdminServer(
  deps: Omit<AdminDeps, 'tokens'>,
  env: Pick<Env, 'ADMIN_TOKENS' | 'VIEWER_TOKENS' | 'PORT' | 'HOST'>,
  print: (text: string) => void,
): Promise<AdminServer> {
  const { tokens, generated } = adminTokens(env);
  if (generated) print(`Admin API token (generated for this run; set ADMIN_TOKENS to choose one): ${generated}\n`);
  const app = createAdminApp({ ...deps, tokens });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    url: `http://${env.HOST}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
