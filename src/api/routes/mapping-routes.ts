import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { entityCatalog, type FlowRuntime, type PreviewSource, previewFlow } from '../../engine';
import { IntegrationError, ValidationError } from '../../errors';
import { compileMapping, type LoadedFlow, loadFlowFile, type MappingProblem } from '../../mapping';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';

const ProblemSchema = z.object({ file: z.string(), line: z.number(), column: z.number(), message: z.string() });

const ChangeSchema = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  refused: z.string().optional().describe('why ownership keeps this field from being written'),
});

const PreviewRowSchema = z.object({
  sourceId: z.string(),
  action: z.enum(['create', 'update', 'no-op', 'skipped', 'refused', 'failed']),
  targetId: z.string().optional(),
  changes: z.array(ChangeSchema),
  reason: z.string().optional(),
  errorCode: z.string().optional(),
});

const SampleRecordSchema = z.object({
  id: z.string().min(1).max(200),
  fields: z.record(z.string(), z.unknown()),
  associations: z.record(z.string(), z.array(z.string())).optional(),
});

const Yaml = z.string().min(1).max(200_000);
const FileName = z
  .string()
  .regex(/^[\w.-]+\.ya?ml$/, 'a file name in the mappings folder, e.g. companies-to-customers.yaml')
  .max(200);

/** Mapping files over HTTP: list, validate and dry-run preview an edited YAML. Nothing is written. */
export function mappingRoutes(deps: AdminDeps) {
  const runtimes = () => deps.runtimes?.() ?? [];
  const load = (yaml: string, file: string | undefined): { flow?: LoadedFlow; problems: MappingProblem[] } => {
    // Lookup files resolve next to the mapping, so the edited text is read as if it sat in the folder.
    const path = join(deps.mappingsDir ?? 'mappings', file ?? 'edited.yaml');
    const escaping = escapingLookups(yaml);
    if (escaping.length) {
      return { problems: escaping.map((f) => ({ file: file ?? 'edited.yaml', line: 1, col: 1, message: f })) };
    }
    const result = loadFlowFile(path, entityCatalog(deps.registry), yaml);
    const known = new Set(deps.flows().map((f) => f.name));
    const missing = (result.flow?.spec.dependsOn ?? []).filter((d) => !known.has(d));
    const graph = missing.map((d) => ({
      file: result.flow!.file,
      ...result.flow!.source.positionOf(['dependsOn', result.flow!.spec.dependsOn.indexOf(d)]),
      message: `dependsOn: no flow named "${d}"`,
    }));
    return { ...result, problems: [...result.problems, ...graph] };
  };
  const asErrors = (problems: MappingProblem[]) =>
    problems.map((p) => ({ file: p.file, line: p.line, column: p.col, message: p.message }));

  return [
    defineRoute({
      method: 'get',
      path: '/mappings',
      summary: 'Mapping files: flow, file, version and whether the flow runs',
      tag: 'mappings',
      response: z.object({
        mappings: z.array(z.object({ flow: z.string(), file: z.string(), version: z.string(), enabled: z.boolean() })),
      }),
      handler: async () => {
        const states = new Map((await deps.flowSwitch?.states())?.map((s) => [s.flow, s.enabled]) ?? []);
        return {
          mappings: runtimes().map((f) => ({
            flow: f.name,
            file: f.file ?? '',
            version: f.mapping.version,
            enabled: states.get(f.name) ?? f.spec.enabled,
          })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mappings/:flow',
      summary: 'One mapping file as it is on disk, to edit and preview',
      tag: 'mappings',
      params: z.object({ flow: z.string().min(1).max(200) }),
      response: z.object({ flow: z.string(), file: z.string(), version: z.string(), yaml: z.string() }),
      handler: ({ params }) => {
        const flow = runtimes().find((f) => f.name === params.flow);
        if (!flow?.file) throw new IntegrationError('not_found', `no flow named "${params.flow}"`, { status: 404 });
        return {
          flow: flow.name,
          file: flow.file,
          version: flow.mapping.version,
          yaml: readFileSync(flow.file, 'utf8'),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/mappings/validate',
      summary: 'Validate mapping YAML against the connectors’ schemas; every problem with its line. Never writes',
      tag: 'mappings',
      role: 'viewer',
      body: z.object({ yaml: Yaml, file: FileName.optional() }).strict(),
      response: z.object({
        ok: z.boolean(),
        flow: z.string().optional(),
        version: z.string().optional(),
        errors: z.array(ProblemSchema),
      }),
      handler: ({ body }) => {
        const { flow, problems } = load(body.yaml, body.file);
        return {
          ok: problems.length === 0,
          ...(flow ? { flow: flow.spec.flow, version: flow.version } : {}),
          errors: asErrors(problems),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/mappings/preview',
      summary: 'Dry run of a flow, optionally with edited YAML: per record the target fields that would change',
      tag: 'mappings',
      role: 'viewer',
      body: z
        .object({
          flow: z.string().min(1).max(200),
          yaml: Yaml.optional(),
          records: z.array(SampleRecordSchema).min(1).max(100).optional(),
          ids: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
          limit: z.number().int().min(1).max(100).optional().describe('the first N source records (default 10)'),
        })
        .strict()
        .refine((b) => [b.records, b.ids, b.limit].filter((v) => v !== undefined).length <= 1, {
          message: 'give at most one of records, ids, limit',
        }),
      response: z.object({ flow: z.string(), version: z.string(), rows: z.array(PreviewRowSchema) }),
      handler: async ({ body }) => {
        const current = runtimes().find((f) => f.name === body.flow);
        if (!current) throw new IntegrationError('not_found', `no flow named "${body.flow}"`, { status: 404 });
        const flow = body.yaml ? edited(current, load(body.yaml, current.file?.split('/').pop())) : current;
        const from: PreviewSource = body.records
          ? { records: body.records.map((r) => ({ ...r, updatedAt: new Date().toISOString() })) }
          : body.ids
            ? { ids: body.ids }
            : { first: body.limit ?? 10 };
        const rows = await previewFlow(flow, deps.store, from);
        return {
          flow: flow.name,
          version: flow.mapping.version,
          rows: rows.map(({ payload: _payload, ...row }) => row),
        };
      },
    }),
  ];
}

/** The running flow with the edited mapping in place; the edit may not rebind it elsewhere. */
function edited(current: FlowRuntime, result: { flow?: LoadedFlow; problems: MappingProblem[] }): FlowRuntime {
  const fieldErrors = result.problems.map((p) => ({ field: `yaml:${p.line}:${p.col}`, message: p.message }));
  if (!result.flow || result.problems.length) {
    throw new ValidationError(
      `the edited mapping is invalid: ${result.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`,
      fieldErrors,
    );
  }
  const spec = result.flow.spec;
  const same = (a: { connector: string; entity: string }, b: { connector: string; entity: string }) =>
    a.connector === b.connector && a.entity === b.entity;
  if (
    spec.flow !== current.name ||
    !same(spec.source, current.spec.source) ||
    !same(spec.target, current.spec.target)
  ) {
    throw new ValidationError('a preview keeps the flow name, source and target; change only its fields', [
      { field: 'body.yaml', message: 'flow, source or target differs from the running flow' },
    ]);
  }
  return { ...current, spec, kind: spec.link, mapping: compileMapping(result.flow) };
}

/** Lookup files named with `..` or an absolute path would read outside the mappings folder. */
function escapingLookups(yaml: string): string[] {
  let value: unknown;
  try {
    value = parseYaml(yaml);
  } catch {
    return []; // the loader reports syntax errors with their positions
  }
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (
          key === 'file' &&
          typeof child === 'string' &&
          (child.startsWith('/') || child.split(/[\\/]/).includes('..'))
        ) {
          found.push(`lookup file "${child}" must stay inside the mappings folder`);
        }
        walk(child);
      }
    }
  };
  walk(value);
  return found;
}
