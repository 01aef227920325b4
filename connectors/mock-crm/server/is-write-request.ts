/**
 * True for calls that change data: everything but GET, search and the batch reads. Used by
 * the stats ("zero write calls") and by `dropAfterCommit`, which only makes sense for writes.
 *
 * @example
 * isWriteRequest('POST', '/crm/v3/objects/contacts/search') // false
 */
export function isWriteRequest(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  return !/\/(search|batch\/read)\/?$/.test(path);
}
