import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { EntityDescription } from '../connectors';
import { checkFlow } from './check-flow';
import { didYouMean } from './did-you-mean';
import {
  Checks,
  FieldRule,
  FlowFile,
  ItemFieldRule,
  LineItemsRule,
  Ownership,
  PriceMatchesCheck,
  TargetIdRule,
  ValueMap,
  XrefRule,
} from './flow-schema';
import { type LookupTable, loadLookup } from './load-lookup';
import { mappingVersion, normaliseFlow } from './mapping-version';
import { parseYamlSource, syntaxProblems, type YamlSource } from './yaml-source';

/** One problem found in a mapping file; prints as `file:line:col: message`. */
export interface MappingProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/**
 * Answers which fields an endpoint has, so mappings are checked against real schemas.
 * `description` (types, required-ness, picklist values) enables the type, required-field and
 * value-map coverage checks; without it only field names are checked.
 */
export type EntityCatalog = (
  connector: string,
  entity: string,
) => { ok: true; fields: readonly string[]; description?: EntityDescription } | { ok: false; reason: string };

/** A validated flow file with what later stages need to report positions. */
export interface LoadedFlow {
  file: string;
  spec: FlowFile;
  /** `<declared version>-<first 8 hex of the normalised content's hash>`. */
  version: string;
  /** Canonical JSON of the flow and its lookup tables: comments and formatting do not change it. */
  normalised: string;
  /** Value-map tables read from `lookups/`, by file name. */
  lookups: Record<string, LookupTable>;
  source: YamlSource;
}

/**
 * Reads and validates one flow file. Returns every problem at once (syntax, schema, unknown
 * transforms, fields the connectors do not have, types, required fields, value-map coverage)
 * rather than stopping at the first.
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
  if (source.syntaxErrors.length) return { problems: syntaxProblems(source) };
  const parsed = FlowFile.safeParse(source.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        // Point at the misspelt key itself, not at the object that holds it.
        const key = String(issue.keys[0] ?? '');
        const where = source.positionOf([...issue.path, key]);
        const message = `${[...issue.path, key].join('.')}: unknown key "${key}"${didYouMean(key, KNOWN_KEYS)}`;
        return { file, ...where, message };
      }
      return {
        file,
        ...source.positionOf(issue.path),
        message: `${issue.path.join('.') || '(file)'}: ${issue.message}`,
      };
    });
    return { problems };
  }
  const spec = parsed.data;
  const lookups: Record<string, LookupTable> = {};
  const problems: MappingProblem[] = [];
  for (const [rulePath, map] of valueMaps(spec)) {
    if (!map.file || lookups[map.file]) continue;
    const result = loadLookup(dirname(path), map.file);
    if (result.ok) lookups[map.file] = result.table;
    else problems.push({ file, ...source.positionOf([...rulePath, 'map', 'file']), message: result.message });
  }
  problems.push(...checkFlow(spec, source, lookups, catalog));
  const normalised = normaliseFlow(spec, lookups);
  return {
    flow: { file, spec, version: mappingVersion(spec.version, normalised), normalised, lookups, source },
    problems,
  };
}

/** Every value map of a flow with the YAML path of its rule. */
export function valueMaps(spec: FlowFile): [PropertyKey[], ValueMap][] {
  const found: [PropertyKey[], ValueMap][] = [];
  for (const [target, rule] of Object.entries(spec.fields)) {
    if (rule.map) found.push([['fields', target], rule.map]);
    for (const [itemField, itemRule] of Object.entries(rule.lineItems?.fields ?? {})) {
      if (itemRule.map) found.push([['fields', target, 'lineItems', 'fields', itemField], itemRule.map]);
    }
  }
  return found;
}

const shapeKeys = (schema: unknown) => Object.keys((schema as { shape?: object }).shape ?? {});
const KNOWN_KEYS = new Set(
  [
    FlowFile,
    FieldRule,
    ItemFieldRule,
    LineItemsRule,
    Ownership,
    ValueMap,
    XrefRule,
    TargetIdRule,
    Checks,
    PriceMatchesCheck,
  ]
    .flatMap(shapeKeys)
    .concat([
      'poll',
      'webhook',
      'manual',
      'events',
      'connector',
      'entity',
      'id',
      'link',
      'field',
      'success',
      'failure',
    ]),
);
