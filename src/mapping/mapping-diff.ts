/** One changed leaf between two mapping versions, by dotted path (`flow.fields.city.transforms.1`). */
export interface MappingChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/**
 * Compares two normalised mapping contents leaf by leaf. Paths read like the YAML
 * (`flow.fields.city.transforms`), so RevOps can find the line that changed.
 *
 * @example
 * diffMappings(old.content, loaded.normalised)
 * // [{ path: 'flow.fields.city.transforms.1', kind: 'changed', before: { truncate: 30 }, after: { truncate: 40 } }]
 */
export function diffMappings(before: string, after: string): MappingChange[] {
  const changes: MappingChange[] = [];
  walk(JSON.parse(before), JSON.parse(after), [], changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: string[], out: MappingChange[]): void {
  const at = path.join('.');
  if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const inA = Object.hasOwn(a, key);
      const inB = Object.hasOwn(b, key);
      const child = [...path, key];
      const av = (a as Record<string, unknown>)[key];
      const bv = (b as Record<string, unknown>)[key];
      if (inA && !inB) out.push({ path: child.join('.'), kind: 'removed', before: av });
      else if (!inA && inB) out.push({ path: child.join('.'), kind: 'added', after: bv });
      else walk(av, bv, child, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: at, kind: 'changed', before: a, after: b });
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}
