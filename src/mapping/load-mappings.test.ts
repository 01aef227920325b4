import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem, loadMappings, MappingFilesInvalidError, validateMappings } from './load-mappings';

const flow = (name: string, dependsOn: string[] = []) => `flow: ${name}
version: 1
source: { connector: crm, entity: company }
target: { connector: erp, entity: customer }
link: ${name}
dependsOn: [${dependsOn.join(', ')}]
fields:
  displayName: { from: name }
`;

describe('loadMappings: the flow graph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-flows-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const at = (name: string) => relative(process.cwd(), join(dir, name));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a duplicate flow name and a dependsOn naming no flow, with positions', () => {
    const a = file('a.yaml', flow('alpha'));
    const b = file('b.yaml', flow('alpha', ['gamma']));
    const { problems } = validateMappings([a, b]);
    expect(problems.map(formatProblem)).toEqual([
      `${at('b.yaml')}:1:1: flow name "alpha" is also used by ${at('a.yaml')}`,
      `${at('b.yaml')}:6:13: dependsOn: no flow named "gamma"`,
    ]);
  });

  it('accepts a dependency on a flow of the folder that was not named', () => {
    const c = file('c.yaml', flow('charlie', ['delta']));
    expect(validateMappings([c], undefined, ['delta']).problems).toEqual([]);
  });

  it('refuses a dependency cycle, naming it, and orders flows by dependency otherwise', () => {
    const cycle = mkdtempSync(join(dir, 'cycle-'));
    writeFileSync(join(cycle, 'x.yaml'), flow('x', ['y']));
    writeFileSync(join(cycle, 'y.yaml'), flow('y', ['x']));
    expect(() => loadMappings(cycle)).toThrow(MappingFilesInvalidError);
    expect(() => loadMappings(cycle)).toThrow(
      `${relative(process.cwd(), join(cycle, 'x.yaml'))}:6:1: dependency cycle: x -> y -> x`,
    );
    const ordered = mkdtempSync(join(dir, 'ordered-'));
    writeFileSync(join(ordered, 'a.yaml'), flow('first', ['second']));
    writeFileSync(join(ordered, 'b.yaml'), flow('second'));
    expect(loadMappings(ordered).map((f) => f.loaded.spec.flow)).toEqual(['second', 'first']);
  });
});
