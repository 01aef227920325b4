import type { SystemRole } from '../connectors';
import type { PageCommit } from './state-types';

/**
 * The `xrefs.shared` value of a page's links: the target side when many source records may pair
 * with one target record (`PageCommit.sharedTarget`), else '' (one-to-one). Both stores write it
 * so that the partial unique indexes keep the source side unique and let the target side repeat.
 *
 * @example
 * sharedSide({ sourceSide: 'erp', sharedTarget: true }) // 'crm': a deal with many invoices
 */
export function sharedSide(commit: Pick<PageCommit, 'sourceSide' | 'sharedTarget'>): '' | SystemRole {
  if (!commit.sharedTarget) return '';
  return commit.sourceSide === 'crm' ? 'erp' : 'crm';
}
