import { loadEnv } from '../config/env';
import { IntegrationError } from '../errors';
import { type MatchStore, openStateStores, type StateStores } from '../store';

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

/**
 * The review queue of a store, or a clear error where the store has none (both shipped stores have one).
 *
 * @example
 * const matching = requireMatching(stores);
 */
export function requireMatching(stores: StateStores): MatchStore {
  const matching = stores.store.matching;
  if (!matching) {
    throw new IntegrationError('config_invalid', `the ${stores.dialect} state has no match index or review queue`);
  }
  return matching;
}
