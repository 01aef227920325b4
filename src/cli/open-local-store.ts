import { loadEnv } from '../config/env';
import { openStateStores, type StateStores } from '../store';

/**
 * Opens the state named by the environment (PostgreSQL with DATABASE_URL, else the SQLite
 * file) for read-mostly CLI commands.
 *
 * @example
 * const { store, close } = await openLocalStore(process.env);
 */
export async function openLocalStore(env: Record<string, string | undefined>): Promise<StateStores> {
  const { DATABASE_URL, DATABASE_PATH } = loadEnv(env);
  return openStateStores({ databaseUrl: DATABASE_URL, databasePath: DATABASE_PATH });
}
