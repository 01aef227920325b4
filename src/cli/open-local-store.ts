import { loadEnv } from '../config/env';
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
  const state = openDatabase(loadEnv(env).DATABASE_PATH);
  return { store: new SqliteStateStore(state), state, close: () => state.close() };
}
