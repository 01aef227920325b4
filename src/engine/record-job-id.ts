/**
 * The id of a job that syncs one record version: flow, record id and version (`updatedAt`).
 * Queues refuse a second job with the same id, so the same quote version queued twice (a
 * webhook delivered again, a poll and a webhook racing) is synced once; a new version is a new job.
 * Colons are left out because BullMQ reserves them in custom job ids.
 *
 * @example
 * recordJobId('quotes-to-sales-orders', '42', '2026-01-01T00:00:00.000Z')
 * // 'quotes-to-sales-orders/record/42/1767225600000'
 */
export function recordJobId(flow: string, id: string, version: string): string {
  const epoch = Date.parse(version);
  const v = Number.isNaN(epoch) ? version.replace(/[^\w.-]/g, '_') : String(epoch);
  return `${flow}/record/${encodeURIComponent(id)}/${v}`;
}
