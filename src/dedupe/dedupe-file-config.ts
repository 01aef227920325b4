import { parse as parseYaml } from 'yaml';
import { IntegrationError } from '../errors';
import { MatchRules } from '../mapping/match-schema';

/** A `bridge dedupe` config: match rules whose `fields` name CSV columns, plus the id column. */
export interface DedupeFileConfig {
  /** CSV column holding each row's id. */
  id: string;
  rules: MatchRules;
}

/**
 * Parses a `bridge dedupe` config (YAML): `id: <column>` plus the same keys as a flow's `match:`
 * section. Every problem is reported at once, with its path.
 *
 * @example
 * const { id, rules } = parseDedupeFileConfig(readFileSync('match.yaml', 'utf8'), 'match.yaml');
 */
export function parseDedupeFileConfig(text: string, file: string): DedupeFileConfig {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new IntegrationError('config_invalid', `${file}: YAML: ${(error as Error).message}`);
  }
  const { id, ...rest } = (value ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof id !== 'string' || !id) problems.push('id: the CSV column holding the row id is required');
  const parsed = MatchRules.safeParse(rest);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  if (problems.length || !parsed.success) {
    throw new IntegrationError('config_invalid', `${file}: ${problems.join('; ')}`, { details: { problems } });
  }
  return { id: id as string, rules: parsed.data };
}
