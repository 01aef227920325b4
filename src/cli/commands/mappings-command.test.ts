import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../testkit/run-cli-captured';

// The offline parts of `bridge mappings`: validation needs only the connectors' schemas, and
// usage errors must never start mocks or touch a database.
describe('bridge mappings (offline)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-mappings-cli-'));
  const env = { DATABASE_PATH: join(dir, 'bridge.db') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...argv: string[]) => runCliCaptured(argv, env);

  it('validate --json lists every problem of a broken file with its position, exit 1', async () => {
    const broken = join(dir, 'broken.yaml');
    const text = readFileSync('mappings/contacts-to-contacts.yaml', 'utf8')
      .replace('transforms: [email]', 'transforms: [emial]')
      .replace('from: jobtitle', 'from: job_title');
    writeFileSync(broken, text);
    const result = await run('mappings', 'validate', broken, '--json');
    expect(result.code).toBe(1);
    const body = JSON.parse(result.out) as { ok: boolean; problems: { line: number; col: number; message: string }[] };
    expect(body.ok).toBe(false);
    expect(body.problems.map((p) => p.message)).toEqual([
      'unknown transform "emial" (did you mean "email"?)',
      'source field "job_title" does not exist on crm.contact (did you mean "jobtitle"?)',
    ]);
    expect(body.problems[0]).toMatchObject({ line: 19, col: 38 });
  });

  it('answers usage errors with the usage text and exit 2', async () => {
    const unknown = await run('mappings', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown subcommand "frobnicate"');
    expect(unknown.err).toContain('bridge mappings preview <flow> --ids a,b | --file sample.json|csv | --next N');
    const both = await run('mappings', 'preview', 'companies-to-customers', '--ids', '1', '--next', '2');
    expect(both.code).toBe(2);
    expect(both.err).toContain('give exactly one of --ids, --file, --next');
    const noFlow = await run('mappings', 'diff');
    expect(noFlow.code).toBe(2);
  });

  it('diff against a version that was never recorded says so', async () => {
    const result = await run('mappings', 'diff', 'companies-to-customers', '9-deadbeef');
    expect(result.code).toBe(2);
    expect(result.err).toContain('no file or recorded version "9-deadbeef" of companies-to-customers');
  });
});
