import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type FieldRule, FlowFile } from './flow-schema';
import { TRANSFORM_NAMES, TRANSFORMS } from './transforms/transform-registry';
import { parseYamlSource, type YamlSource } from './yaml-source';

/** One problem found in a mapping file. */
export interface MappingProblem {
  file: string;
  line: number;
  message: string;
}

/** Answers which fields an endpoint has, so mappings are checked against real schemas. */
export type EntityCatalog = (
  connector: string,
  entity: string,
) => { ok: true; fields: readonly string[] } | { ok: false; reason: string };

/** A validated flow file with what later stages need to report positions. */
export interface LoadedFlow {
  file: string;
  spec: FlowFile;
  /** `<version>-<first 8 hex of the content hash>`: changes whenever the file does. */
  version: string;
  source: YamlSource;
}

/**
 * Reads and validates one flow file. Returns every problem at once (syntax, schema, unknown
 * transforms, fields the connectors do not have) rather than stopping at the first.
 *
 * @example
 * const { flow, problems } = loadFlowFile('mappings/companies-to-customers.yaml', catalog);
 */
export function loadFlowFile(
  path: string,
  catalog?: EntityCatalog,
  text = readFileSync(path, 'utf8'),
): { flow?: LoadedFlow; problems: MappingProblem[] } {
  const file = relative(process.cwd(), path) || path;
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length) {
    return { problems: source.syntaxErrors.map((e) => ({ file, line: e.line, message: `YAML: ${e.message}` })) };
  }
  const parsed = FlowFile.safeParse(source.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // Point at the misspelt key itself, not at the object that holds it.
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
      return { file, line: source.lineOf(path), message: `${path.join('.') || '(file)'}: ${issue.message}` };
    });
    return { problems };
  }
  const spec = parsed.data;
  const problems = checkSemantics(spec, source, catalog);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return { flow: { file, spec, version: `${spec.version}-${hash}`, source }, problems };
}

function checkSemantics(spec: FlowFile, source: YamlSource, catalog?: EntityCatalog): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const at = (path: PropertyKey[], message: string) =>
    problems.push({ file: source.file, line: source.lineOf(path), message });

  const sourceFields = catalog && describe(catalog, spec.source, ['source'], at);
  const targetFields = catalog && describe(catalog, spec.target, ['target'], at);

  for (const [target, rule] of Object.entries(spec.fields)) {
    const path = ['fields', target];
    if (targetFields && !targetFields.has(target)) {
      at(path, `target field "${target}" does not exist on ${spec.target.connector}.${spec.target.entity}`);
    }
    for (const field of referencedFields(rule)) {
      if (sourceFields && !sourceFields.has(field)) {
        at([...path, rule.from ? 'from' : 'concat'], `source field "${field}" does not exist on ${spec.source.entity}`);
      }
    }
    (rule.transforms ?? []).forEach((step, i) => {
      checkTransform(step, (message) => at([...path, 'transforms', i], message));
    });
  }
  return problems;
}

function referencedFields(rule: FieldRule): string[] {
  if (rule.from) return [rule.from];
  return rule.concat ?? [];
}

function describe(
  catalog: EntityCatalog,
  endpoint: { connector: string; entity: string },
  path: PropertyKey[],
  at: (path: PropertyKey[], message: string) => void,
): Set<string> | undefined {
  const found = catalog(endpoint.connector, endpoint.entity);
  if (!found.ok) {
    at(path, found.reason);
    return undefined;
  }
  return new Set(found.fields);
}

function checkTransform(step: unknown, report: (message: string) => void): void {
  const [name, arg] = typeof step === 'string' ? [step, undefined] : Object.entries(step as object)[0]!;
  const definition = TRANSFORMS[name];
  if (!definition) {
    report(`unknown transform "${name}" (known: ${TRANSFORM_NAMES.join(', ')})`);
    return;
  }
  if (definition.arg && arg === undefined) report(`transform "${name}" needs an argument, e.g. { ${name}: ... }`);
  if (!definition.arg && arg !== undefined) report(`transform "${name}" takes no argument`);
  if (definition.arg && arg !== undefined) {
    const result = definition.arg.safeParse(arg);
    if (!result.success) report(`transform "${name}": ${result.error.issues[0]?.message}`);
  }
}
