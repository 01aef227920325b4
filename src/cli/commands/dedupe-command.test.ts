import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, SqliteStateStore } from '../../store';
import { runCliCaptured } from '../testkit/run-cli-captured';

const CONFIG = `
id: id
entity: company
fields: { company: name, street: street, town: city, zip: postalCode, tel: phone, web: domain }
exact: [domain]
fuzzy: { name: { weight: 3 }, street: {}, city: {}, postalCode: {}, phone: {} }
blocking: [[prefix4(name)], [phone]]
thresholds: { link: 0.9, review: 0.7 }
`;

describe('bridge dedupe and bridge review', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-dedupe-cli-'));
  const env = { DATABASE_PATH: join(dir, 'bridge.db') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const run = (...argv: string[]) => runCliCaptured(argv, env);

  it('finds duplicates within one CSV and links two, writing left_id,right_id,score,decision', async () => {
    const config = file('match.yaml', CONFIG);
    const crm = file(
      'crm.csv',
      'id,company,street,town,zip,tel,web\n' +
        '1,"Acme Widgets, Inc.",5 Main Street,Boston,02108,(617) 555-0100,acme.com\n' +
        '2,ACME WIDGETS,5 Main St,Boston,2108,617.555.0100,\n' +
        '3,Zenith Foods LLC,1 Pine Ave,Denver,80201,,zenith.com\n',
    );
    const erp = file('erp.csv', 'id,company,web\nE1,Zenith Foods,https://www.zenith.com/\nE2,Unrelated Co,other.com\n');
    const within = await run('dedupe', 'file', crm, '--config', config, '--out', join(dir, 'pairs.csv'), '--json');
    expect(within.code).toBe(0);
    expect(JSON.parse(within.out)).toMatchObject({ mode: 'file', rows: [3], link: 1, review: 0 });
    expect(readFileSync(join(dir, 'pairs.csv'), 'utf8')).toMatch(
      /^left_id,right_id,score,decision\n1,2,(1\.0000|0\.9\d+),link\n$/,
    );

    const link = await run('dedupe', 'link', crm, erp, '--config', config, '--out', join(dir, 'links.csv'));
    expect(link.out).toContain('3 x 2 rows');
    expect(readFileSync(join(dir, 'links.csv'), 'utf8')).toContain('3,E1,1.0000,link');
  });

  it('reports a bad config with every problem and a usage error with exit code 2', async () => {
    const bad = file(
      'bad.yaml',
      'entity: company\nfields: {}\nfuzzy: { name: {} }\nblocking: [[name]]\nthresholds: { link: 0.5, review: 0.9 }\n',
    );
    const csv = file('one.csv', 'id,company\n1,Acme\n');
    const result = await run('dedupe', 'file', csv, '--config', bad, '--out', join(dir, 'x.csv'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('id: the CSV column holding the row id is required');
    expect(result.err).toContain('review must not be above link');
    expect((await run('dedupe', 'file', csv)).code).toBe(2);
  });

  it('lists a pending pair with its explanation and approves it; a second decision is refused', async () => {
    const state = openDatabase(env.DATABASE_PATH);
    await new SqliteStateStore(state).matching.recordReview({
      flow: 'companies-to-customers',
      kind: 'company',
      sourceSide: 'crm',
      sourceId: '42',
      candidateId: 'erp-7',
      candidateSourceId: null,
      reason: 'fuzzy',
      score: 0.81,
      explanation: {
        score: 0.81,
        fields: [{ field: 'name', left: 'acme', right: 'acme', similarity: 1, level: 'exact', weight: 0.4 }],
      },
      status: 'pending',
    });
    state.close();
    const list = await run('review', 'list');
    expect(list.out).toMatch(/#1 companies-to-customers source 42 ~ target erp-7 {2}score 0\.810 {2}fuzzy {2}pending/);
    expect(list.out).toContain('name        exact     1.00  "acme" ~ "acme"');
    const approved = await run('review', 'approve', '1', '--by', 'ana', '--json');
    expect(JSON.parse(approved.out)).toMatchObject({ status: 'linked', decidedBy: 'ana' });
    const again = await run('review', 'reject', '1');
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('already decided') });
    expect(JSON.parse((await run('review', 'list', '--status', 'all', '--json')).out)).toHaveLength(1);
  });
});
