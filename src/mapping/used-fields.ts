import { compileExpression } from './cel-expression';
import type { FlowFile } from './flow-schema';

/**
 * The source and target fields a flow reads and writes, so schema drift on them can be told
 * apart from drift on fields nobody maps.
 *
 * @example
 * usedFields(spec) // { source: Set { 'name', 'domain' }, target: Set { 'displayName', 'website' } }
 */
export function usedFields(spec: FlowFile): { source: Set<string>; target: Set<string> } {
  const source = new Set<string>();
  const fromExpr = (text: string | undefined) => {
    const compiled = text ? compileExpression(text) : undefined;
    if (compiled?.ok) for (const f of compiled.sourceFields) source.add(f);
  };
  for (const rule of Object.values(spec.fields)) {
    if (rule.from) source.add(rule.from);
    for (const f of rule.concat ?? []) source.add(f);
    if (rule.xref?.field) source.add(rule.xref.field);
    fromExpr(rule.expr);
    fromExpr(rule.when);
    if (rule.lineItems) {
      source.add(rule.lineItems.from);
      fromExpr(rule.lineItems.when);
      for (const item of Object.values(rule.lineItems.fields)) {
        fromExpr(item.expr);
        fromExpr(item.when);
      }
    }
  }
  return { source, target: new Set(Object.keys(spec.fields)) };
}
