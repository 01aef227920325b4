import { parseArgs } from 'node:util';
import { loadEnv } from '../../config/env';
import { FlowSwitch } from '../../engine';
import { flowFilesIn, validateMappings } from '../../mapping';
import { type CliCommand, UsageError } from '../cli-command';
import { openLocalStore } from '../open-local-store';

/**
 * `bridge flows list|enable|disable <flow>`: the same switch as `PATCH /flows/{flow}`, written
 * to the state database a running bridge reads before every poll, so no restart is needed.
 */
export const flowsCommand: CliCommand = {
  name: 'flows',
  summary: 'list flows and whether they run; enable or disable one',
  usage: 'bridge flows list | enable <flow> | disable <flow> [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
    const [sub, name] = positionals;
    if (sub !== 'list' && sub !== 'enable' && sub !== 'disable') {
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
    }
    if (sub !== 'list' && !name) throw new UsageError(`${sub} needs a flow name`);
    const { flows } = validateMappings(flowFilesIn(loadEnv(io.env).MAPPINGS_DIR));
    const { flowSettings, close } = await openLocalStore(io.env);
    try {
      const flowSwitch = new FlowSwitch(
        flowSettings,
        Object.fromEntries(flows.map((f) => [f.spec.flow, f.spec.enabled])),
      );
      if (sub !== 'list') await flowSwitch.set(name!, sub === 'enable');
      const states = await flowSwitch.states();
      const shown = sub === 'list' ? states : states.filter((s) => s.flow === name);
      if (values.json) {
        io.out(`${JSON.stringify(shown, null, 2)}\n`);
        return 0;
      }
      for (const s of shown) {
        const why =
          s.source === 'override' ? `override (mapping file says ${s.mappingEnabled ? 'on' : 'off'})` : 'mapping file';
        io.out(`${s.flow.padEnd(32)} ${s.enabled ? 'enabled ' : 'disabled'}  ${why}\n`);
      }
      return 0;
    } finally {
      close();
    }
  },
};
