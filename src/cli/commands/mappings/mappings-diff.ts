import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadEnv } from '../../../config/env';
import { diffMappings, flowFilesIn, type LoadedFlow, loadFlowFile } from '../../../mapping';
import { openStateStores } from '../../../store';
import { type CliIo, UsageError } from '../../cli-command';

/**
 * `bridge mappings diff <flow> <old-file-or-version>`: what changed between an earlier version
 * (a file, or a version recorded in the state database when mappings loaded) and the current
 * flow file.
 *
 * @example
 * await mappingsDiff(['companies-to-customers', '1-ab12cd34'], io);
 */
export async function mappingsDiff(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const [name, old] = positionals;
  if (!name || !old) throw new UsageError('a flow and an old file or version are required');
  const env = loadEnv(io.env);
  const current = flowFilesIn(env.MAPPINGS_DIR)
    .map((path) => loadFlowFile(path).flow)
    .find((f): f is LoadedFlow => f?.spec.flow === name);
  if (!current) throw new UsageError(`no flow "${name}" in ${env.MAPPINGS_DIR}`);

  let before: { version: string; content: string };
  if (existsSync(old)) {
    const { flow, problems } = loadFlowFile(old);
    if (!flow) throw new UsageError(`${old} does not parse: ${problems[0]?.message ?? 'unknown problem'}`);
    before = { version: flow.version, content: flow.normalised };
  } else {
    const stores = await openStateStores({ databaseUrl: env.DATABASE_URL, databasePath: env.DATABASE_PATH });
    try {
      const stored = await stores.mappingVersions.find(name, old);
      if (!stored) throw new UsageError(`no file or recorded version "${old}" of ${name}`);
      before = stored;
    } finally {
      await stores.close();
    }
  }
  const changes = diffMappings(before.content, current.normalised);
  if (values.json) {
    io.out(`${JSON.stringify({ flow: name, from: before.version, to: current.version, changes }, null, 2)}\n`);
    return 0;
  }
  io.out(`${name}: ${before.version} -> ${current.version}, ${changes.length} change(s)\n`);
  const show = (v: unknown) => JSON.stringify(v);
  for (const c of changes) {
    const path = c.path.replace(/^flow\./, '');
    if (c.kind === 'added') io.out(`+ ${path}: ${show(c.after)}\n`);
    else if (c.kind === 'removed') io.out(`- ${path}: ${show(c.before)}\n`);
    else io.out(`~ ${path}: ${show(c.before)} -> ${show(c.after)}\n`);
  }
  return 0;
}
