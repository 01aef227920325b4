import { loadEnv } from '../config/env';
import { IntegrationError } from '../errors';
import { openDatabase, SqliteStateStore, type StateDatabase } from '../store';

/**
 * Opens the state database named by the environment for read-mostly CLI commands.
 *
 * @example
 * const { store, close } = openLocalStore(process.env);
 */
export function openLocalStore(env: Record<string, string | undefined>): {
  store: SqliteStateStore;
  state: StateDatabase;
  close: () => void;
} {
  const { DATABASE_URL, DATABASE_PATH } = loadEnv(env);
  // Reading the SQLite file instead would show an empty or stale state without a word.
  if (DATABASE_URL) {
    throw new IntegrationError(
      'config_invalid',
      'this command reads the SQLite state (DATABASE_PATH) only; with DATABASE_URL use the admin API (GET /runs, /dlq, /reviews)',
    );
  }
  const state = openDatabase(DATABASE_PATH);
  return { store: new SqliteStateStore(state), state, close: () => state.close() };
}
