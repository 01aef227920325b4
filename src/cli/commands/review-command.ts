import { parseArgs } from 'node:util';
import type { FieldExplanation, PairExplanation } from '../../dedupe/record-matcher';
import { decideReview, listReviews, type ReviewAction } from '../../engine/review-queue';
import type { ReviewItem, ReviewStatus } from '../../store';
import { type CliCommand, UsageError } from '../cli-command';
import { openLocalStore } from '../open-local-store';

const STATUSES = ['pending', 'linked', 'created', 'merged'];

/** `bridge review list|approve|reject|merge`: the dedupe review queue. */
export const reviewCommand: CliCommand = {
  name: 'review',
  summary: 'list and decide possible duplicates waiting for review (approve = link, reject = create, merge)',
  usage:
    'bridge review list [--flow <flow>] [--status pending|linked|created|merged|all] [--limit <n>] [--json]\n' +
    '       bridge review approve|reject|merge <id> [--note <text>] [--by <name>] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        flow: { type: 'string' },
        status: { type: 'string', default: 'pending' },
        limit: { type: 'string', default: '50' },
        note: { type: 'string' },
        by: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
    });
    const [verb, id] = positionals;
    if (values.status !== 'all' && !STATUSES.includes(values.status)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, all`);
    }
    const stores = await openLocalStore(io.env);
    try {
      const { matching } = stores;
      if (verb === 'list') {
        const items = await listReviews(matching, {
          ...(values.flow ? { flow: values.flow } : {}),
          ...(values.status !== 'all' ? { status: values.status as ReviewStatus } : {}),
          limit: Number(values.limit),
        });
        if (values.json) io.out(`${JSON.stringify(items, null, 2)}\n`);
        else io.out(items.length ? items.map(formatItem).join('\n') : 'no review items\n');
        return 0;
      }
      if (verb !== 'approve' && verb !== 'reject' && verb !== 'merge') throw new UsageError('unknown review action');
      if (!id || !/^\d+$/.test(id)) throw new UsageError('the review item id is required');
      const item = await decideReview(matching, Number(id), verb as ReviewAction, {
        ...(values.by ? { by: values.by } : {}),
        ...(values.note ? { note: values.note } : {}),
      });
      if (values.json) io.out(`${JSON.stringify(item, null, 2)}\n`);
      else io.out(`review ${item.id}: ${item.status}; the next run of ${item.flow} applies it\n`);
      return 0;
    } finally {
      await stores.close();
    }
  },
};

function formatItem(item: ReviewItem): string {
  const explanation = item.explanation as PairExplanation;
  const against = item.candidateId ? `target ${item.candidateId}` : `source ${item.candidateSourceId}`;
  const head = `#${item.id} ${item.flow} source ${item.sourceId} ~ ${against}  score ${item.score.toFixed(3)}  ${item.reason}  ${item.status}`;
  const fields = (explanation.fields ?? []).map(
    (f: FieldExplanation) =>
      `    ${f.field.padEnd(11)} ${f.level.padEnd(9)} ${f.similarity === null ? '   -' : f.similarity.toFixed(2)}  ${JSON.stringify(f.left)} ~ ${JSON.stringify(f.right)}`,
  );
  if (explanation.exactKey) fields.unshift(`    exact key: ${explanation.exactKey}`);
  return `${head}\n${fields.join('\n')}\n`;
}
