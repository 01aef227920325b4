import { Environment } from '@marcbachmann/cel-js';

/** A compiled CEL expression, or why it does not compile (with the character offset). */
export type CompiledExpression =
  | { ok: true; evaluate: (vars: ExpressionVars) => unknown; sourceFields: string[]; itemFields: string[] }
  | { ok: false; message: string; offset: number };

/** What an expression can see: the source record's fields and, inside line items, the item. */
export interface ExpressionVars {
  source: Record<string, unknown>;
  item?: Record<string, unknown>;
  /** The source record's id. */
  id: string;
}

// One environment for every mapping: only these variables exist, and CEL itself has no loops,
// I/O or user-defined functions, so a mapping file cannot run arbitrary code.
const environment = new Environment({
  homogeneousAggregateLiterals: false,
  limits: { maxAstNodes: 500, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 },
})
  .registerVariable('source', 'map')
  .registerVariable('item', 'map')
  .registerVariable('id', 'string');

/**
 * Compiles a CEL expression once (parse and type check) for evaluation per record. Numbers in
 * records are CEL doubles (write `2.0`, not `2`); CEL integers come back as JS numbers.
 * Also lists the `source.x` / `item.x` fields it reads, so they can be checked against schemas.
 *
 * @example
 * const expr = compileExpression('source.country == "US" ? "domestic" : "export"');
 * if (expr.ok) expr.evaluate({ source: { country: 'US' }, id: '1' }) // 'domestic'
 */
export function compileExpression(text: string): CompiledExpression {
  let run: (ctx: Record<string, unknown>) => unknown;
  try {
    const parsed = environment.parse(text);
    const checked = parsed.check();
    if (!checked.valid) return failure(checked.error);
    run = parsed as unknown as (ctx: Record<string, unknown>) => unknown;
  } catch (error) {
    return failure(error);
  }
  return {
    ok: true,
    sourceFields: fieldsOf(text, 'source'),
    itemFields: fieldsOf(text, 'item'),
    evaluate: (vars) => fromCel(run({ source: vars.source, item: vars.item ?? {}, id: vars.id })),
  };
}

function failure(error: unknown): { ok: false; message: string; offset: number } {
  const e = error as { message?: string; range?: { start: number }; node?: { pos?: number } };
  const message = (e.message ?? String(error)).split('\n')[0] ?? 'invalid expression';
  return { ok: false, message, offset: e.range?.start ?? e.node?.pos ?? 0 };
}

function fieldsOf(text: string, variable: string): string[] {
  const re = new RegExp(`\\b${variable}\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g');
  return [...new Set([...text.matchAll(re)].map((m) => m[1] as string))];
}

/** CEL integers are bigints; target systems want plain numbers. */
function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  return value;
}
