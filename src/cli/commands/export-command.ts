import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadEnv } from '../../config/env';
import { createConnectors } from '../../main';
import { createLogger } from '../../observability/logger';
import { type CliCommand, UsageError } from '../cli-command';
import { exportRecords } from '../export-records';
import { createProgressBar } from '../progress-bar';

/** `bridge export --connector erp --entity customer --out customers.csv [--since ISO]`. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'stream every record of one entity from a connector to a CSV file',
  usage: 'bridge export --connector crm|erp --entity <entity> --out <file.csv> [--since <ISO date>] [--json]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        connector: { type: 'string' },
        entity: { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const { connector, entity, out, since } = values;
    if (connector !== 'crm' && connector !== 'erp') throw new UsageError('--connector must be crm or erp');
    if (!entity || !out) throw new UsageError('--entity and --out are required');
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError('--since must be an ISO date');
    const env = loadEnv(io.env);
    // The CLI talks to the systems the bridge syncs; it never starts mocks of its own.
    const given = connector === 'crm' ? env.CRM_BASE_URL : env.ERP_BASE_URL;
    if (!given && !(connector === 'crm' && env.CRM_CONNECTOR === 'csv')) {
      throw new UsageError(`set ${connector.toUpperCase()}_BASE_URL to the system to export from`);
    }
    // Both instances are built, but building calls nothing: the other side may stay unset.
    const unused = 'http://127.0.0.1:9';
    const urls = { crmUrl: env.CRM_BASE_URL ?? unused, erpUrl: env.ERP_BASE_URL ?? unused };
    const { registry, close } = createConnectors(env, urls, createLogger({ level: 'error', write: () => {} }));
    const bar = createProgressBar(io.errTerminal ?? { write: () => {} });
    const started = Date.now();
    try {
      const result = await exportRecords(registry.get(connector), entity, () => createWriteStream(out), {
        ...(since ? { since: new Date(since).toISOString() } : {}),
        onProgress: (p) =>
          bar.update({
            label: `${connector}.${entity}`,
            done: p.rows,
            total: p.rows,
            totalFinal: false,
            elapsedMs: Date.now() - started,
          }),
      });
      bar.finish();
      if (values.json) io.out(`${JSON.stringify({ connector, entity, out, ...result })}\n`);
      else io.out(`exported ${result.rows} ${connector}.${entity} record(s) to ${out}\n`);
      return 0;
    } finally {
      await close();
    }
  },
};
