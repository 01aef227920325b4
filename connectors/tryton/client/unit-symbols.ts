import type { TrytonRpc } from './tryton-rpc';

/**
 * The unit of measure symbol (`u`, `kg`) of each row's `default_uom`, in one read for the
 * batch: templates and variants both carry the unit as an id.
 *
 * @example
 * const symbols = await unitSymbols(rpc, rows); // symbols.get(row.default_uom) === 'u'
 */
export async function unitSymbols(
  rpc: TrytonRpc,
  rows: readonly Record<string, unknown>[],
): Promise<Map<number, string>> {
  const ids = [...new Set(rows.map((row) => row.default_uom).filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0) return new Map();
  const uoms = await rpc.model<{ id: number; symbol: string }[]>('product.uom', 'read', [ids, ['symbol']]);
  return new Map(uoms.map((uom) => [uom.id, uom.symbol]));
}
