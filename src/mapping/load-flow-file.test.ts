import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EntityCatalog } from './load-flow-file';
import { loadFlowFile } from './load-flow-file';

const schemas: Record<string, Record<string, z.ZodObject>> = {
  crm: { company: z.object({ name: z.string(), domain: z.string(), phone: z.string() }) },
  erp: { customer: z.object({ displayName: z.string(), website: z.string(), phoneNumber: z.string() }) },
};
const catalog: EntityCatalog = (connector, entity) => {
  const schema = schemas[connector]?.[entity];
  return schema ? { ok: true, fields: Object.keys(schema.shape) } : { ok: false, reason: `no ${connector}.${entity}` };
};

const valid = `flow: companies-to-customers
version: 1
source: { connector: crm, entity: company }
target: { connector: erp, entity: customer }
link: company
fields:
  displayName:
    from: name
    transforms: [trim, collapseSpaces]
    required: true
  website: { from: domain, transforms: [webDomain] }
`;

const load = (text: string) => loadFlowFile('mappings/test.yaml', catalog, text);

describe('loadFlowFile', () => {
  it('accepts a valid flow and versions it by content', () => {
    const a = load(valid);
    const b = load(valid.replace('version: 1', 'version: 1 # same meaning, new comment'));
    expect(a.problems).toEqual([]);
    expect(a.flow?.version).toMatch(/^1-[0-9a-f]{8}$/);
    expect(b.flow?.version).not.toBe(a.flow?.version);
  });

  it('names file and line of an unknown transform', () => {
    const { problems } = load(valid.replace('[trim, collapseSpaces]', '[trim, collapseSpace]'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'mappings/test.yaml', line: 9 });
    expect(problems[0]?.message).toContain('unknown transform "collapseSpace"');
  });

  it('names the line of a source field the connector does not have', () => {
    const { problems } = load(valid.replace('from: domain', 'from: domian'));
    expect(problems).toEqual([
      expect.objectContaining({ line: 11, message: expect.stringContaining('source field "domian"') }),
    ]);
  });

  it('reports a target field that does not exist and an unknown key, all at once', () => {
    const text = valid
      .replace('  website:', '  webSite:')
      .replace('required: true', 'required: true\n    requried: true');
    const { problems } = load(text);
    expect(problems.map((p) => p.line)).toEqual([11]);
    expect(problems[0]?.message).toMatch(/requried|Unrecognized/);
    const second = load(valid.replace('  website:', '  webSite:'));
    expect(second.problems[0]).toMatchObject({ line: 11, message: expect.stringContaining('target field "webSite"') });
  });

  it('reports YAML syntax errors with their line', () => {
    const { problems } = load(valid.replace('link: company', 'link: [company'));
    expect(problems[0]?.line).toBeGreaterThanOrEqual(5);
    expect(problems[0]?.message).toMatch(/^YAML:/);
  });

  it('rejects a field with two value sources', () => {
    const { problems } = load(valid.replace('from: name', 'from: name\n    const: x'));
    expect(problems[0]?.message).toContain('exactly one of');
    expect(problems[0]?.line).toBe(7);
  });

  it('checks transform arguments', () => {
    const { problems } = load(valid.replace('[webDomain]', '[{ truncate: -3 }]'));
    expect(problems[0]?.message).toContain('transform "truncate"');
  });
});
