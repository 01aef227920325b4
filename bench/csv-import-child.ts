import { csvConnector } from '../connectors/csv';
import { mockErpConnector } from '../connectors/mock-erp';
import { ConnectorRegistry } from '../src/connectors';
// The two engine modules it needs, not the engine's index (queues, stores, HTTP): the figure is the import's.
import { bindFlows } from '../src/engine/flow-runtime';
import { loadFlowsForConnectors } from '../src/engine/load-flows-for-connectors';

/**
 * The CSV import alone in its own process, so its peak RSS is the import's: the CSV
 * connector as the CRM (`listChanges` page by page, as the engine's read-page jobs call it),
 * then per record the source schema check and the compiled companies mapping, as a sync-page
 * job does, into a counting sink (no ERP writes: the ERP is not running). Prints one
 * `csv-import {json}` line. BENCH_CSV_DIR is the folder, BENCH_CSV_PAGE the page size (the
 * engine's PAGE_SIZE, 100).
 *
 * @example
 * BENCH_CSV_DIR=/tmp/exports node --import tsx bench/csv-import-child.ts
 */
async function main(): Promise<void> {
  const dir = process.env.BENCH_CSV_DIR;
  if (!dir) throw new Error('set BENCH_CSV_DIR');
  const pageSize = Number(process.env.BENCH_CSV_PAGE ?? 100);
  const registry = new ConnectorRegistry().register(csvConnector).register(mockErpConnector);
  const context = { log: () => {} };
  registry.instantiate('crm', 'crm', 'csv', { dir }, context);
  registry.instantiate('erp', 'erp', 'mock-erp', { baseUrl: 'http://127.0.0.1:9', token: 'bench' }, context);
  const flow = bindFlows(loadFlowsForConnectors('mappings', registry), registry).find(
    (f) => f.name === 'companies-to-customers',
  );
  if (!flow?.source.methods.listChanges) throw new Error('companies-to-customers is not bound to the CSV connector');
  const list = flow.source.methods.listChanges;
  const schema = flow.source.definition.entities[flow.spec.source.entity]?.schema;
  const rssBefore = process.resourceUsage().maxRSS;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let rows = 0;
  let valid = 0;
  let invalid = 0;
  let mapped = 0;
  let pages = 0;
  let pageToken: string | undefined;
  do {
    const page = await list({
      entity: flow.spec.source.entity,
      since: null,
      limit: pageSize,
      ...(pageToken ? { pageToken } : {}),
    });
    pages += 1;
    for (const record of page.records) {
      rows += 1;
      if (schema && !schema.safeParse(record.fields).success) {
        invalid += 1;
        continue;
      }
      valid += 1;
      const fields = flow.mapping.map(record, { xref: () => undefined });
      if (fields.displayName) mapped += 1;
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const result = {
    rows,
    pages,
    valid,
    invalid,
    mapped,
    importSeconds: seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    startRssMb: Math.round(rssBefore / 1024),
  };
  process.stdout.write(`csv-import ${JSON.stringify(result)}\n`);
  await registry.closeAll();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
