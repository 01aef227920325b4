import { basename } from 'node:path';
import { IntegrationError } from '../../../src/errors';

/**
 * Maps a file system error to the connector error kinds: permissions, a missing file or
 * folder, anything else as transport (the file is this connector's wire).
 *
 * @example
 * throw csvFileError('/exports/companies.csv', error); // IntegrationError 'permission_denied' for EACCES
 */
export function csvFileError(path: string, error: unknown): IntegrationError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = `${basename(path)}: ${(error as Error).message}`;
  if (code === 'EACCES' || code === 'EPERM')
    return new IntegrationError('permission_denied', message, { cause: error });
  if (code === 'ENOENT' || code === 'ENOTDIR') return new IntegrationError('not_found', message, { cause: error });
  return new IntegrationError('transport', message, { cause: error });
}
