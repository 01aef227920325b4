import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodEntity } from '../connectors';
import type { EntityCatalog } from './load-flow-file';
import { loadFlowFile } from './load-flow-file';
import { formatProblem } from './load-mappings';

const entities = {
  crm: {
    company: {
      schema: z.object({
        name: z.string().nullable(),
        domain: z.string().nullable(),
        phone: z.string().nullable(),
        industry: z.enum(['RETAIL', 'MACHINERY', 'CHEMICALS']).nullable(),
      }),
    },
  },
  erp: {
    customer: {
      schema: z.object({
        id: z.string(),
        displayName: z.string(),
        website: z.string(),
        phoneNumber: z.string(),
        creditLimit: z.number(),
        blocked: z.enum([' ', 'Ship', 'All']),
        segment: z.string(),
      }),
      requiredFields: ['displayName'],
      readOnlyFields: ['id'],
    },
  },
} as const;
const catalog: EntityCatalog = (connector, entity) => {
  const definition = (entities as Record<string, Record<string, { schema: z.ZodObject }>>)[connector]?.[entity];
  if (!definition) return { ok: false, reason: `no entity ${connector}.${entity}` };
  const description = describeZodEntity(entity, definition);
  return { ok: true, fields: description.fields.map((f) => f.name), description };
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
const messages = (text: string) => load(text).problems.map(formatProblem);
const withField = (line: string) => `${valid}  ${line}\n`;

describe('loadFlowFile', () => {
  it('accepts a valid flow and versions it by normalised content', () => {
    const a = load(valid);
    const comment = load(valid.replace('version: 1', 'version: 1 # same meaning, new comment'));
    const reformatted = load(
      valid.replace(
        'website: { from: domain, transforms: [webDomain] }',
        'website:\n    transforms: [ webDomain ]\n    from: "domain"',
      ),
    );
    const described = load(valid.replace('version: 1', 'version: 1\ndescription: reworded prose'));
    const changed = load(valid.replace('[trim, collapseSpaces]', '[collapseSpaces]'));
    expect(a.problems).toEqual([]);
    expect(a.flow?.version).toMatch(/^1-[0-9a-f]{8}$/);
    expect(comment.flow?.version).toBe(a.flow?.version);
    expect(reformatted.flow?.version).toBe(a.flow?.version);
    expect(described.flow?.version).toBe(a.flow?.version);
    expect(changed.flow?.version).not.toBe(a.flow?.version);
  });

  it.each([
    [
      'unknown transform, with a suggestion',
      valid.replace('[trim, collapseSpaces]', '[trim, titlecase]'),
      'mappings/test.yaml:9:24: unknown transform "titlecase" (did you mean "title"?)',
    ],
    [
      'unknown transform, far from any',
      valid.replace('[trim, collapseSpaces]', '[trim, frobnicate]'),
      'mappings/test.yaml:9:24: unknown transform "frobnicate" (known: collapseSpaces, countryCode, date, email, join, lower, minorUnits, number, phoneE164, regexReplace, round, scale, split, title, trim, truncate, upper, usStateCode, webDomain)',
    ],
    [
      'transform argument missing',
      valid.replace('[webDomain]', '[truncate]'),
      'mappings/test.yaml:11:41: transform "truncate" needs an argument, e.g. { truncate: ... }',
    ],
    [
      'transform argument not taken',
      valid.replace('[webDomain]', '[{ trim: 3 }]'),
      'mappings/test.yaml:11:41: transform "trim" takes no argument',
    ],
    [
      'transform argument invalid',
      valid.replace('[webDomain]', '[{ truncate: -3 }]'),
      'mappings/test.yaml:11:41: transform "truncate": Too small: expected number to be >0',
    ],
    [
      'unknown source field',
      valid.replace('from: domain', 'from: domian'),
      'mappings/test.yaml:11:14: source field "domian" does not exist on crm.company (did you mean "domain"?)',
    ],
    [
      'unknown target field',
      valid.replace('  website:', '  webSite:'),
      'mappings/test.yaml:11:3: target field "webSite" does not exist on erp.customer (did you mean "website"?)',
    ],
    [
      'read-only target field',
      withField('id: { const: x }'),
      'mappings/test.yaml:12:3: target field "id" is read-only on erp.customer',
    ],
    [
      'required target field left unmapped',
      valid.replace(/ {2}displayName:\n(.*\n){3}/, ''),
      'mappings/test.yaml:6:1: required target field "displayName" of erp.customer is not mapped',
    ],
    [
      'type mismatch',
      withField('creditLimit: { from: name }'),
      'mappings/test.yaml:12:3: type mismatch: the rule yields a string but erp.customer.creditLimit is a number',
    ],
    [
      'value not allowed by a target picklist',
      withField('blocked: { const: Invoice }'),
      'mappings/test.yaml:12:21: "Invoice" is not a value of erp.customer.blocked (one of: " ", "Ship", "All")',
    ],
    [
      'value map not covering the source picklist',
      withField('segment: { from: industry, map: { values: { RETAIL: Commerce } } }'),
      'mappings/test.yaml:12:30: value map does not cover "MACHINERY", "CHEMICALS" of crm.company.industry (add them or a default)',
    ],
    [
      'a source picklist copied into a target picklist that lacks some of its values',
      withField('blocked: { from: industry }'),
      'mappings/test.yaml:12:14: crm.company.industry values "RETAIL", "MACHINERY", "CHEMICALS" are not values of erp.customer.blocked (translate them with map:)',
    ],
    [
      'lookup file missing',
      withField('segment: { from: industry, map: { file: lookups/nope.csv } }'),
      'mappings/test.yaml:12:37: lookup file lookups/nope.csv does not exist in mappings',
    ],
    [
      'expression that does not parse',
      withField("segment: { expr: 'source.name +' }"),
      'mappings/test.yaml:12:20: invalid expression at character 14: Unexpected token: EOF',
    ],
    [
      'expression reading an unknown source field',
      withField("segment: { expr: 'source.nmae', when: 'id != \"\"' }"),
      'mappings/test.yaml:12:20: expression reads source.nmae, which does not exist on crm.company (did you mean "name"?)',
    ],
    [
      'unknown key, with a suggestion',
      valid.replace('required: true', 'requried: true'),
      'mappings/test.yaml:10:5: fields.displayName.requried: unknown key "requried" (did you mean "required"?)',
    ],
    [
      'two value sources',
      valid.replace('from: name', 'from: name\n    const: x'),
      'mappings/test.yaml:7:3: fields.displayName: a field needs exactly one of: from, concat, const, xref, expr, lineItems',
    ],
    [
      'ownership naming an unknown field',
      `${valid}ownership: { master: source, fields: { creditLimt: target } }\n`,
      'mappings/test.yaml:12:40: ownership: target field "creditLimt" does not exist on erp.customer (did you mean "creditLimit"?)',
    ],
    [
      'a bad duration',
      `${valid}trigger: { poll: 30 seconds }\n`,
      'mappings/test.yaml:12:12: trigger.poll: a duration like 500ms, 30s, 5m or 1h',
    ],
    [
      'a bad conflict policy',
      `${valid}ownership: { master: source, conflictPolicy: overwrite }\n`,
      'mappings/test.yaml:12:30: ownership.conflictPolicy: Invalid option: expected one of "master-wins"|"flag"',
    ],
    [
      'unknown entity',
      valid.replace('entity: customer', 'entity: customr'),
      'mappings/test.yaml:4:1: no entity erp.customr',
    ],
    [
      'YAML syntax',
      valid.replace('link: company', 'link: [company'),
      expect.stringMatching(/^mappings\/test\.yaml:\d+:\d+: YAML: /),
    ],
  ])('reports %s as file:line:col', (_kind, text, expected) => {
    expect(messages(text)).toEqual([expected]);
  });

  it('reports every problem at once', () => {
    const text = valid.replace('from: domain', 'from: domian').replace('[trim, collapseSpaces]', '[trim, titlecase]');
    expect(messages(text)).toHaveLength(2);
  });

  it('accepts a value map covering the picklist through a CSV lookup, and versions the lookup', () => {
    const text = withField('segment: { from: industry, map: { file: lookups/industry-segments.csv } }');
    const result = load(text);
    expect(result.problems).toEqual([]);
    expect(result.flow?.lookups['lookups/industry-segments.csv']?.RETAIL).toBe('Commerce');
    expect(result.flow?.normalised).toContain('"RETAIL":"Commerce"');
  });
});
