/**
 * Undirected associations between objects of any two types (company <-> contact today,
 * deal <-> line item later). Each link is stored in both directions so reads from either
 * side are one map lookup.
 *
 * @example
 * const graph = new AssociationGraph();
 * graph.add('contacts', '5', 'companies', '1');
 * graph.list('companies', '1', 'contacts'); // ['5']
 */
export class AssociationGraph {
  private readonly links = new Map<string, Map<string, Set<string>>>();

  /** Adds a link; returns false when it already existed. */
  add(fromType: string, fromId: string, toType: string, toId: string): boolean {
    const forward = this.set(fromType, fromId, toType);
    if (forward.has(toId)) return false;
    forward.add(toId);
    this.set(toType, toId, fromType).add(fromId);
    return true;
  }

  /** Removes a link; returns false when there was none. */
  remove(fromType: string, fromId: string, toType: string, toId: string): boolean {
    if (!this.links.get(`${fromType}:${fromId}`)?.get(toType)?.delete(toId)) return false;
    this.links.get(`${toType}:${toId}`)?.get(fromType)?.delete(fromId);
    return true;
  }

  /** Ids of `toType` objects linked to an object, ascending by numeric value. */
  list(type: string, id: string, toType: string): string[] {
    const ids = this.links.get(`${type}:${id}`)?.get(toType);
    return ids ? [...ids].sort((a, b) => Number(a) - Number(b)) : [];
  }

  /** Every link once, as [fromType, fromId, toType, toId]. */
  pairs(): Array<[string, string, string, string]> {
    const pairs: Array<[string, string, string, string]> = [];
    for (const [key, byType] of this.links) {
      const at = key.lastIndexOf(':');
      const fromType = key.slice(0, at);
      const fromId = key.slice(at + 1);
      for (const [toType, ids] of byType) {
        for (const toId of ids) {
          if (fromType < toType || (fromType === toType && Number(fromId) < Number(toId))) {
            pairs.push([fromType, fromId, toType, toId]);
          }
        }
      }
    }
    return pairs;
  }

  private set(type: string, id: string, toType: string): Set<string> {
    const key = `${type}:${id}`;
    let byType = this.links.get(key);
    if (!byType) {
      byType = new Map();
      this.links.set(key, byType);
    }
    let ids = byType.get(toType);
    if (!ids) {
      ids = new Set();
      byType.set(toType, ids);
    }
    return ids;
  }
}
