import { parseArgs } from 'node:util';
import { loadEnv } from '../../../config/env';
import { entityCatalog } from '../../../engine';
import { buildRegistry } from '../../../main';
import { flowFilesIn, formatProblem, loadFlowFile, validateMappings } from '../../../mapping';
import { createLogger } from '../../../observability/logger';
import type { CliIo } from '../../cli-command';

/**
 * `bridge mappings validate [files]`: checks flow files against the connectors' entity schemas,
 * offline, and prints every problem as `file:line:col: message`. Exit 1 when any is found.
 *
 * @example
 * await mappingsValidate(['mappings/companies-to-customers.yaml', '--json'], io);
 */
export async function mappingsValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const env = loadEnv(io.env);
  const files = positionals.length ? positionals : flowFilesIn(env.MAPPINGS_DIR);
  const urls = {
    crmUrl: env.CRM_BASE_URL ?? 'http://127.0.0.1:4010',
    erpUrl: env.ERP_BASE_URL ?? 'http://127.0.0.1:4020',
  };
  const registry = buildRegistry(env, urls, createLogger({ level: 'error', write: () => {} }));
  try {
    // Files named one by one may depend on flows in the folder that were not named.
    const inFolder = positionals.length
      ? flowFilesIn(env.MAPPINGS_DIR).flatMap((path) => loadFlowFile(path).flow?.spec.flow ?? [])
      : [];
    const { flows, problems } = validateMappings(files, entityCatalog(registry), inFolder);
    if (values.json) {
      const summary = flows.map((f) => ({ flow: f.spec.flow, file: f.file, version: f.version }));
      io.out(`${JSON.stringify({ ok: problems.length === 0, flows: summary, problems }, null, 2)}\n`);
    } else if (problems.length) {
      io.err(`${problems.map(formatProblem).join('\n')}\n${problems.length} problem(s)\n`);
    } else {
      for (const f of flows) io.out(`ok  ${f.file}  ${f.spec.flow}  version ${f.version}\n`);
    }
    return problems.length ? 1 : 0;
  } finally {
    await registry.closeAll();
  }
}
