import jsonata from 'jsonata';
import { mockCrmConnector } from '../connectors/mock-crm';
import { uniquePropertiesOf } from '../connectors/mock-crm/server/crm-schemas';
import { CrmStore } from '../connectors/mock-crm/server/crm-store';
import { seedCrm } from '../connectors/mock-crm/server/seed-crm';
import { mockErpConnector } from '../connectors/mock-erp';
import { type ConnectorRecord, ConnectorRegistry } from '../src/connectors';
import { entityCatalog } from '../src/engine';
import { loadMappings } from '../src/mapping';
import { countryCode } from '../src/mapping/transforms/country-code';
import { phoneE164 } from '../src/mapping/transforms/phone-e164';
import { usStateCode } from '../src/mapping/transforms/us-state-code';
import { webDomain } from '../src/mapping/transforms/web-domain';

/** Records/s of one way of mapping, over the same records. */
export interface MappingBenchEntry {
  name: 'compiled' | 'hand-written' | 'jsonata';
  /** Best of the rounds (least disturbed by the other processes on the machine). */
  recordsPerSecond: number;
  /** Median of the rounds. */
  medianRecordsPerSecond: number;
  /** Records that mapped (the rest failed a transform, the same ones for every contender). */
  mapped: number;
  /** CPU seconds (user + system) of all counted rounds: less noisy than records/s on a shared machine. */
  cpuSeconds: number;
  /** Wall seconds of all counted rounds. */
  wallSeconds: number;
}

/** What {@link benchMapping} measured. */
export interface MappingBenchResult {
  records: number;
  rounds: number;
  entries: MappingBenchEntry[];
  /** compiled / hand-written and hand-written / jsonata, on the best rounds. */
  compiledVsHandWritten: number;
  compiledVsJsonata: number;
  /** Records (of the first 1,000) on which all three produced the same payload: proof they do the same work. */
  agreeing: number;
  compared: number;
}

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const collapse = (v: string) => v.trim().replace(/\s+/g, ' ');
const cut = (v: string, n: number) => (v.length <= n ? v : v.slice(0, n));
const must = <T>(v: T | undefined, message: string): T => {
  if (v === undefined) throw new Error(message);
  return v;
};

/** The companies-to-customers mapping written by hand: the baseline the compiler must approach. */
function handWritten(record: ConnectorRecord): Record<string, unknown> {
  const f = record.fields as Record<string, string | null>;
  const name = blank(f.name) ? null : cut(collapse(f.name!), 100);
  if (blank(name)) throw new Error('displayName is required');
  const phone = f.phone;
  return {
    displayName: name,
    type: 'Company',
    addressLine1: blank(f.address) ? null : cut(collapse(f.address!), 100),
    city: blank(f.city) ? null : cut(collapse(f.city!), 30),
    state: blank(f.state) ? null : must(usStateCode(f.state!), 'state'),
    postalCode: blank(f.zip) ? null : cut(f.zip!.trim(), 20) || null,
    country: blank(f.country) ? 'US' : must(countryCode(f.country!), 'country'),
    phoneNumber: blank(phone) ? null : must(phoneE164(phone!), 'phone'),
    website: blank(f.domain) ? null : must(webDomain(f.domain!), 'domain'),
    taxRegistrationNumber: blank(f.tax_id) ? null : cut(f.tax_id!.trim().toUpperCase(), 20) || null,
    externalId: blank(f.hs_object_id) ? null : f.hs_object_id,
  };
}

// The same mapping in JSONata, with the same transform functions registered, as a team would
// write it if mappings were JSONata expressions.
const JSONATA_EXPRESSION = `(
  $blank := function($v) { $v = null or $trim($v) = '' };
  $c := function($v) { $trim($replace($v, /\\s+/, ' ')) };
  $f := fields;
  $name := $blank($f.name) ? null : $substring($c($f.name), 0, 100);
  $blank($name) ? $error('displayName is required') : {
    'displayName': $name,
    'type': 'Company',
    'addressLine1': $blank($f.address) ? null : $substring($c($f.address), 0, 100),
    'city': $blank($f.city) ? null : $substring($c($f.city), 0, 30),
    'state': $blank($f.state) ? null : $must($usState($f.state)),
    'postalCode': $blank($f.zip) ? null : $substring($trim($f.zip), 0, 20),
    'country': $blank($f.country) ? 'US' : $must($country($f.country)),
    'phoneNumber': $blank($f.phone) ? null : $must($phone($f.phone)),
    'website': $blank($f.domain) ? null : $must($domain($f.domain)),
    'taxRegistrationNumber': $blank($f.tax_id) ? null : $substring($uppercase($trim($f.tax_id)), 0, 20),
    'externalId': $blank($f.hs_object_id) ? null : $f.hs_object_id
  }
)`;

/**
 * Maps the same seeded, dirty CRM companies with the compiled shipped mapping, a hand-written
 * function and a JSONata expression, in one process, several rounds each, interleaved so a
 * burst of load from other processes hits all three alike. Returns records/s and ratios.
 *
 * @example
 * const result = await benchMapping({ records: 20_000, rounds: 5 });
 * result.compiledVsHandWritten // e.g. 0.93
 */
export async function benchMapping(options: { records?: number; rounds?: number } = {}): Promise<MappingBenchResult> {
  const count = options.records ?? 20_000;
  const rounds = options.rounds ?? 5;
  const store = new CrmStore({ uniqueProperties: uniquePropertiesOf() });
  seedCrm(store, { companies: count, contacts: 0, seed: 7 });
  const records: ConnectorRecord[] = store
    .listPage('companies', { limit: count })
    .objects.map((o) => ({ id: o.id, updatedAt: o.updatedAt, fields: o.properties }));

  const registry = new ConnectorRegistry().register(mockCrmConnector).register(mockErpConnector);
  registry.instantiate('crm', 'crm', 'mock-crm', { baseUrl: 'http://127.0.0.1:9', token: 'bench' }, { log: () => {} });
  registry.instantiate('erp', 'erp', 'mock-erp', { baseUrl: 'http://127.0.0.1:9', token: 'bench' }, { log: () => {} });
  const compiled = loadMappings('mappings', entityCatalog(registry)).find(
    (f) => f.loaded.spec.flow === 'companies-to-customers',
  )!.mapping;
  const context = { xref: () => undefined };

  const expression = jsonata(JSONATA_EXPRESSION);
  const orError = (fn: (v: string) => string | undefined) => (v: string) => fn(v) ?? null;
  expression.registerFunction('usState', orError(usStateCode));
  expression.registerFunction('country', orError(countryCode));
  expression.registerFunction('phone', orError(phoneE164));
  expression.registerFunction('domain', orError(webDomain));
  expression.registerFunction('must', (v: unknown) => {
    if (v === null || v === undefined) throw new Error('transform failed');
    return v;
  });

  const contenders: { name: MappingBenchEntry['name']; run: (r: ConnectorRecord) => unknown }[] = [
    { name: 'compiled', run: (r) => compiled.map(r, context) },
    { name: 'hand-written', run: handWritten },
    { name: 'jsonata', run: (r) => expression.evaluate(r) },
  ];
  let agreeing = 0;
  const compared = Math.min(1000, records.length);
  for (const record of records.slice(0, compared)) {
    const outputs = await Promise.all(
      contenders.map(async (c) => {
        try {
          return JSON.stringify(await c.run(record));
        } catch {
          return 'failed';
        }
      }),
    );
    if (outputs.every((o) => o === outputs[0])) agreeing++;
  }
  // A contender that does less work would win for the wrong reason: refuse to time it.
  if (agreeing !== compared)
    throw new Error(`the contenders disagree on ${compared - agreeing} of ${compared} records`);
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const mapped = new Map<string, number>();
  const cpu = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  const wall = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  for (let round = 0; round <= rounds; round++) {
    for (const contender of contenders) {
      let ok = 0;
      const cpuStarted = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (const record of records) {
        try {
          const out = contender.run(record);
          if (out instanceof Promise) await out;
          ok++;
        } catch {
          // A record failing a transform costs the same as in a sync: counted, not mapped.
        }
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpuStarted);
      // Round 0 warms up the JIT and caches; it is not counted.
      if (round > 0) {
        samples.get(contender.name)!.push(records.length / seconds);
        cpu.set(contender.name, cpu.get(contender.name)! + (used.user + used.system) / 1e6);
        wall.set(contender.name, wall.get(contender.name)! + seconds);
      }
      mapped.set(contender.name, ok);
    }
  }
  await registry.closeAll();
  const entries = contenders.map(({ name }): MappingBenchEntry => {
    const s = [...samples.get(name)!].sort((a, b) => a - b);
    return {
      name,
      recordsPerSecond: Math.round(s.at(-1)!),
      medianRecordsPerSecond: Math.round(s[Math.floor(s.length / 2)]!),
      mapped: mapped.get(name)!,
      cpuSeconds: Number(cpu.get(name)!.toFixed(3)),
      wallSeconds: Number(wall.get(name)!.toFixed(3)),
    };
  });
  const rate = (name: string) => entries.find((e) => e.name === name)!.recordsPerSecond;
  return {
    records: records.length,
    rounds,
    entries,
    compiledVsHandWritten: Number((rate('compiled') / rate('hand-written')).toFixed(2)),
    compiledVsJsonata: Number((rate('compiled') / rate('jsonata')).toFixed(1)),
    agreeing,
    compared,
  };
}

/**
 * Prints a result as a small table for `npm run bench:mapping`.
 *
 * @example
 * process.stdout.write(formatMappingBench(await benchMapping()));
 */
export function formatMappingBench(result: MappingBenchResult): string {
  const lines = [
    `mapping benchmark: companies-to-customers, ${result.records} seeded dirty companies, best and median of ${result.rounds} rounds`,
    '(the machine is shared: figures are noisy; compare ratios within one run, not across runs)',
    '',
    '| contender    | records/s (best) | records/s (median) | mapped | CPU s (all rounds) | wall s |',
    '| ------------ | ---------------- | ------------------ | ------ | ------------------ | ------ |',
    ...result.entries.map(
      (e) =>
        `| ${e.name.padEnd(12)} | ${String(e.recordsPerSecond).padStart(16)} | ${String(e.medianRecordsPerSecond).padStart(18)} | ${String(e.mapped).padStart(6)} | ${e.cpuSeconds.toFixed(2).padStart(18)} | ${e.wallSeconds.toFixed(2).padStart(6)} |`,
    ),
    '',
    `compiled / hand-written: ${result.compiledVsHandWritten}x (target >= 0.8x)`,
    `compiled / jsonata:      ${result.compiledVsJsonata}x`,
    `same payload from all three on ${result.agreeing} of ${result.compared} records checked`,
  ];
  return `${lines.join('\n')}\n`;
}

if (process.argv[1]?.endsWith('mapping-bench.ts')) {
  benchMapping({
    records: Number(process.env.BENCH_MAPPING_RECORDS ?? 20_000),
    rounds: Number(process.env.BENCH_MAPPING_ROUNDS ?? 5),
  }).then(
    (result) => process.stdout.write(formatMappingBench(result)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
