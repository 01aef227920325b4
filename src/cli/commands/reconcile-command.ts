import { parseArgs } from 'node:util';
import { type ReconcileReport, reconcileFlow } from '../../engine';
import type { CliCommand } from '../cli-command';
import { openBridgeContext } from '../open-bridge-context';

/** `bridge reconcile`: compares source and target record by record; exit 1 on any difference. */
export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  summary: 'compare CRM and ERP record by record (missing, duplicate, field mismatch)',
  usage: 'bridge reconcile [--flow F] [--limit N] [--json]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { flow: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    });
    const ctx = await openBridgeContext(io.env);
    try {
      const flows = ctx.flows.filter((f) => !values.flow || f.name === values.flow);
      if (flows.length === 0) throw new Error(`no enabled flow named "${values.flow}"`);
      const reports: ReconcileReport[] = [];
      for (const flow of flows) reports.push(await reconcileFlow(flow, ctx.store, ctx.dlq));
      if (values.json) io.out(`${JSON.stringify(reports, null, 2)}\n`);
      else {
        const limit = Number(values.limit ?? 20);
        for (const r of reports) {
          const c = r.counts;
          io.out(
            `${r.flow}: ${r.sourceRecords} source, ${r.targetRecords} target; missing ${c.missing} (lost ${c.lost}), duplicate ${c.duplicate}, mismatch ${c.mismatch}\n`,
          );
          for (const d of r.differences.slice(0, limit)) {
            const fields = d.fields?.map(
              (f) => `${f.field}: ${JSON.stringify(f.actual)} != ${JSON.stringify(f.expected)}`,
            );
            const detail = d.note ?? fields?.join('; ') ?? d.targetIds.join(', ');
            io.out(`  ${d.kind.padEnd(9)} ${d.sourceId}${d.inDlq ? ' [in DLQ]' : ''}  ${detail}\n`);
          }
          if (r.differences.length > limit) io.out(`  ... ${r.differences.length - limit} more (--json for all)\n`);
        }
      }
      return reports.some((r) => r.differences.length > 0) ? 1 : 0;
    } finally {
      await ctx.close();
    }
  },
};
