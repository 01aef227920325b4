import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ACCOUNT_FILES = new Set(['companies-to-customers.yaml', 'contacts-to-contacts.yaml', 'ownership.yaml']);

/**
 * Copies the shipped `mappings/` into `dir/mappings` keeping only the account flows (companies,
 * contacts) and the ownership table: for tests about sync mechanics that count records of those
 * two flows, and for connectors (CSV) that have no deals, quotes or products.
 *
 * @example
 * const env = loadEnv({ MAPPINGS_DIR: accountMappingsDir(tempDir) });
 */
export function accountMappingsDir(dir: string): string {
  const mappings = join(dir, 'mappings');
  cpSync('mappings', mappings, { recursive: true });
  for (const file of readdirSync(mappings).filter((f) => f.endsWith('.yaml') && !ACCOUNT_FILES.has(f)))
    rmSync(join(mappings, file));
  return mappings;
}
