import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';

/** A parsed YAML file that can say on which line any path of its value sits. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Syntax errors with their positions; empty when the YAML parsed. */
  syntaxErrors: { line: number; col: number; message: string }[];
  /** Line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[]): number;
  /** Line and column (both 1-based) of the node at `path`, or of its nearest existing parent. */
  positionOf(path: readonly PropertyKey[]): { line: number; col: number };
  /** Position of the value (not the key) at `path`, e.g. the start of an expression string. */
  valuePositionOf(path: readonly PropertyKey[]): { line: number; col: number };
}

/**
 * Parses YAML keeping positions, so every later error can name `file:line`.
 *
 * @example
 * const src = parseYamlSource('mappings/a.yaml', text);
 * src.lineOf(['fields', 'email', 'from']) // 12
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => ({
    ...lineCounter.linePos(e.pos[0]),
    message: e.message.split('\n')[0] ?? e.message,
  }));
  const positionOf = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const offset = offsetOf(doc, path.slice(0, n));
      if (offset !== undefined) return lineCounter.linePos(offset);
    }
    return { line: 1, col: 1 };
  };
  const valuePositionOf = (path: readonly PropertyKey[]) => {
    const node = doc.getIn(path as unknown[], true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? positionOf(path) : lineCounter.linePos(offset);
  };
  const lineOf = (path: readonly PropertyKey[]) => positionOf(path).line;
  return {
    file,
    value: syntaxErrors.length ? undefined : doc.toJS(),
    syntaxErrors,
    lineOf,
    positionOf,
    valuePositionOf,
  };
}

/**
 * The syntax errors of a parsed file as `file:line:col` problems, the shape every loader reports.
 *
 * @example
 * const problems = syntaxProblems(parseYamlSource('a.yaml', 'a: [')); // [{ file: 'a.yaml', line: 1, ... }]
 */
export function syntaxProblems(source: YamlSource): { file: string; line: number; col: number; message: string }[] {
  return source.syntaxErrors.map((e) => ({
    file: source.file,
    line: e.line,
    col: e.col,
    message: `YAML: ${e.message}`,
  }));
}

/** Start offset of the node at `path`; for a map entry, of its key, which is where people look. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number | undefined {
  if (path.length === 0) return isNode(doc.contents) ? doc.contents.range?.[0] : undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
    return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
  }
  const node = doc.getIn(path as unknown[], true);
  return isNode(node) ? node.range?.[0] : undefined;
}
