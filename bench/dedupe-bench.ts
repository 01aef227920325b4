import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { uniquePropertiesOf } from '../connectors/mock-crm/server/crm-schemas';
import { CrmStore } from '../connectors/mock-crm/server/crm-store';
import { seedCrm } from '../connectors/mock-crm/server/seed-crm';
import { readCsvRows } from '../src/cli/read-csv-rows';
import { parseDedupeFileConfig } from '../src/dedupe/dedupe-file-config';
import { dedupeRows } from '../src/dedupe/dedupe-rows';
import { findPairs } from '../src/dedupe/find-pairs';
import { RecordMatcher } from '../src/dedupe/record-matcher';
import { compileMapping, loadFlowFile } from '../src/mapping';
import { syntheticCompanies } from './dedupe/synthetic-companies';

/** Match quality on one data set with known truth. */
export interface DedupeQuality {
  name: string;
  truePairs: number;
  /** Pairs decided `link` (at or above the link threshold). */
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Candidate pairs blocking produced (and scoring scored). */
  compared: number;
  seconds: number;
  notes: string;
}

/** Candidate generation and scoring at scale. */
export interface DedupeSpeed {
  left: number;
  right: number;
  /** Normalising and keying every record; reported apart, it is linear and done once. */
  prepareSeconds: number;
  /** Candidate generation + scoring, wall clock. */
  matchSeconds: number;
  /** The same in CPU time of this process (the 2-core machine is shared, so wall time is noisy). */
  matchCpuSeconds: number;
  compared: number;
  pairsPerSecond: number;
  links: number;
  precision: number;
  recall: number;
  peakRssMb: number;
}

const FEBRL = process.env.FEBRL_DIR ?? '../shared/data/febrl';
const entity = (id: string) => id.replace(/-(org|dup-\d+)$/, '');

function quality(name: string, truth: number, predicted: number, tp: number, rest: Partial<DedupeQuality>) {
  const precision = predicted ? tp / predicted : 0;
  const recall = truth ? tp / truth : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    name,
    truePairs: truth,
    predicted,
    truePositives: tp,
    precision,
    recall,
    f1,
    compared: 0,
    seconds: 0,
    notes: '',
    ...rest,
  };
}

/** FEBRL4 a<->b link and FEBRL3 within-file, same person rules (weights by EM on each file). */
function benchFebrl(): DedupeQuality[] {
  const config = parseDedupeFileConfig(readFileSync('bench/dedupe/febrl-person.yaml', 'utf8'), 'febrl-person.yaml');
  const results: DedupeQuality[] = [];
  let started = performance.now();
  const a = readCsvRows(`${FEBRL}/dataset4a.csv`);
  const b = readCsvRows(`${FEBRL}/dataset4b.csv`);
  const link = dedupeRows(config, a, b);
  const linked = link.pairs.filter((p) => p.decision === 'link');
  const tp4 = linked.filter((p) => entity(p.leftId) === entity(p.rightId)).length;
  results.push(
    quality('FEBRL4 4a<->4b link', 5000, linked.length, tp4, {
      compared: link.compared,
      seconds: (performance.now() - started) / 1000,
      notes: `EM lambda ${link.model?.lambda.toFixed(3)}`,
    }),
  );
  started = performance.now();
  const rows = readCsvRows(`${FEBRL}/dataset3.csv`);
  const sizes = new Map<string, number>();
  for (const row of rows) sizes.set(entity(row.rec_id!), (sizes.get(entity(row.rec_id!)) ?? 0) + 1);
  const truth3 = [...sizes.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const within = dedupeRows(config, rows);
  const linked3 = within.pairs.filter((p) => p.decision === 'link');
  const tp3 = linked3.filter((p) => entity(p.leftId) === entity(p.rightId)).length;
  results.push(
    quality('FEBRL3 within-file', truth3, linked3.length, tp3, {
      compared: within.compared,
      seconds: (performance.now() - started) / 1000,
      notes: `pairwise, no clustering; EM lambda ${within.model?.lambda.toFixed(3)}`,
    }),
  );
  return results;
}

/**
 * The mock CRM's seeded near-duplicates (2,000 companies, seed 42), compared as the engine does:
 * each company mapped by mappings/companies-to-customers.yaml, then matched by its `match:` rules.
 */
function benchMockCrm(): DedupeQuality {
  const started = performance.now();
  const store = new CrmStore({ uniqueProperties: uniquePropertiesOf() });
  const seeded = seedCrm(store, { companies: 2000, contacts: 0 });
  const { flow } = loadFlowFile('mappings/companies-to-customers.yaml');
  if (!flow?.spec.match) throw new Error('companies-to-customers.yaml has no match rules');
  const mapping = compileMapping(flow);
  const matcher = new RecordMatcher(flow.spec.match);
  const prepared = seeded.companyIds.flatMap((id) => {
    const object = store.get('companies', id)!;
    try {
      const fields = mapping.map({ id, updatedAt: '', fields: object.properties }, { xref: () => undefined });
      return [matcher.prepare(id, fields)];
    } catch {
      return []; // the engine fails these records (mapping_failed) before matching
    }
  });
  const { pairs, compared } = findPairs(matcher, prepared);
  const truth = new Set(seeded.nearDuplicates.map((d) => `${d.originalId}|${d.duplicateId}`));
  const key = (p: (typeof pairs)[number]) => {
    const [x, y] = [prepared[p.left]!.id, prepared[p.right]!.id].sort((u, v) => Number(u) - Number(v));
    return `${x}|${y}`;
  };
  const linked = pairs.filter((p) => p.decision === 'link');
  const tp = linked.filter((p) => truth.has(key(p))).length;
  const caught = pairs.filter((p) => truth.has(key(p))).length;
  return quality('mock CRM seeded near-duplicates', truth.size, linked.length, tp, {
    compared,
    seconds: (performance.now() - started) / 1000,
    notes: `${caught}/${truth.size} at link or review; ${pairs.length - linked.length} pairs in review`,
  });
}

/** `size` x `size` synthetic companies, half of the right side dirty copies of left ones. */
function benchSpeed(size: number): DedupeSpeed {
  const { left, right, truth } = syntheticCompanies(size, 0.5);
  const config = parseDedupeFileConfig(readFileSync('bench/dedupe/company-columns.yaml', 'utf8'), 'company-columns');
  const matcher = new RecordMatcher(config.rules);
  let started = performance.now();
  const a = left.map((r) => matcher.prepare(r.id, r));
  const b = right.map((r) => matcher.prepare(r.id, r));
  const prepareSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const cpu = process.cpuUsage();
  const { pairs, compared } = findPairs(matcher, a, b);
  const used = process.cpuUsage(cpu);
  const matchSeconds = (performance.now() - started) / 1000;
  const links = pairs.filter((p) => p.decision === 'link');
  const tp = links.filter((p) => truth.has(`${a[p.left]!.id}|${b[p.right]!.id}`)).length;
  return {
    left: a.length,
    right: b.length,
    prepareSeconds,
    matchSeconds,
    matchCpuSeconds: (used.user + used.system) / 1e6,
    compared,
    pairsPerSecond: Math.round(compared / matchSeconds),
    links: links.length,
    precision: tp / links.length,
    recall: tp / truth.size,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/**
 * `npm run bench:dedupe`: match quality on FEBRL and the mock CRM, and speed on synthetic
 * companies. Returns the figures so bench/run.ts can include them; never part of `npm test`.
 *
 * @example
 * const { quality, speed } = await benchDedupe({ size: 100_000 });
 */
export async function benchDedupe(options: { size?: number } = {}): Promise<{
  quality: DedupeQuality[];
  speed: DedupeSpeed;
}> {
  const quality = [...benchFebrl(), benchMockCrm()];
  const speed = benchSpeed(options.size ?? 100_000);
  return { quality, speed };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = Number(process.env.DEDUPE_BENCH_SIZE ?? 100_000);
  const { quality, speed } = await benchDedupe({ size });
  const f = (n: number) => n.toFixed(4);
  process.stdout.write(
    `${table(
      ['data set', 'true', 'predicted', 'TP', 'P', 'R', 'F1', 'compared', 's', 'notes'],
      quality.map((q) => [
        q.name,
        String(q.truePairs),
        String(q.predicted),
        String(q.truePositives),
        f(q.precision),
        f(q.recall),
        f(q.f1),
        String(q.compared),
        q.seconds.toFixed(2),
        q.notes,
      ]),
    )}\n\n`,
  );
  const s = speed;
  process.stdout.write(
    `speed: ${s.left} x ${s.right} synthetic companies; prepare ${s.prepareSeconds.toFixed(2)} s; ` +
      `candidate generation + scoring ${s.matchSeconds.toFixed(2)} s wall (${s.matchCpuSeconds.toFixed(2)} s CPU); ` +
      `${s.compared} pairs compared, ${s.pairsPerSecond} pairs/s; ${s.links} links (P ${f(s.precision)}, R ${f(s.recall)}); ` +
      `peak RSS ${s.peakRssMb} MB. The machine's 2 cores are shared: wall-clock figures are noisy.\n`,
  );
}
