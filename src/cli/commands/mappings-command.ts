import { type CliCommand, UsageError } from '../cli-command';
import { mappingsCheck } from './mappings/mappings-check';
import { mappingsDiff } from './mappings/mappings-diff';
import { mappingsPreview } from './mappings/mappings-preview';
import { mappingsValidate } from './mappings/mappings-validate';

const SUBCOMMANDS = {
  validate: mappingsValidate,
  preview: mappingsPreview,
  check: mappingsCheck,
  diff: mappingsDiff,
} as const;

/** `bridge mappings <validate|preview|check|diff>`: the RevOps side of mapping files. */
export const mappingsCommand: CliCommand = {
  name: 'mappings',
  summary: 'validate, preview (dry run), drift-check and diff mapping files',
  usage: [
    'bridge mappings validate [files...] [--json]',
    '       bridge mappings preview <flow> --ids a,b | --file sample.json|csv | --next N [--json]',
    '       bridge mappings check [--json]',
    '       bridge mappings diff <flow> <old-file-or-version> [--json]',
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    const handler = SUBCOMMANDS[sub as keyof typeof SUBCOMMANDS];
    if (!handler) throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
    return handler(rest, io);
  },
};
