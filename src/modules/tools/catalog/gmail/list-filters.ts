import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle, localPageInputSchema } from './google-api.js';
import { pageLocally } from '../paging/page-locally.js';
import { GMAIL } from './gmail-message.js';

interface Input { max_results?: number; cursor?: string }

/** Gmail's Filter resource: camelCase criteria and action, every field optional. */
interface GmailFilter {
  id: string;
  criteria?: { from?: string; to?: string; subject?: string; query?: string; negatedQuery?: string; hasAttachment?: boolean; excludeChats?: boolean; size?: number; sizeComparison?: string };
  action?: { addLabelIds?: string[]; removeLabelIds?: string[]; forward?: string };
}

/** Drops unset criteria so a model sees only what the filter matches on. */
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function toView(f: GmailFilter) {
  const c = f.criteria ?? {};
  const a = f.action ?? {};
  return {
    id: f.id,
    criteria: compact({
      from: c.from, to: c.to, subject: c.subject, query: c.query, negated_query: c.negatedQuery,
      has_attachment: c.hasAttachment, exclude_chats: c.excludeChats, size: c.size, size_comparison: c.sizeComparison,
    }),
    action: { add_label_ids: a.addLabelIds ?? [], remove_label_ids: a.removeLabelIds ?? [], forward: a.forward ?? null },
  };
}

const strings = { type: 'array', items: { type: 'string' } };

export const listFilters = defineTool<Input, { filters: ReturnType<typeof toView>[]; next_cursor: string | null }>({
  definition: {
    name: 'gmail_list_filters',
    display_name: 'List Filters',
    description: 'List mail filters and what each does.',
    provider: 'gmail',
    category: 'communication',
    input_schema: localPageInputSchema,
    output_schema: {
      type: 'object',
      properties: {
        filters: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              criteria: { type: 'object', description: 'Set ones: from, subject, query…' },
              action: { type: 'object', properties: { add_label_ids: strings, remove_label_ids: strings, forward: { type: ['string', 'null'] } } },
            },
            required: ['id', 'criteria', 'action'],
          },
        },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['filters', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // A mailbox without filters answers `{}`: no `filter` key at all.
    const body = await callGoogle<{ filter?: GmailFilter[] }>(ctx, { method: 'GET', path: `${GMAIL}/settings/filters` }, 'filters');
    const { page, next_cursor } = pageLocally((body.filter ?? []).map(toView), input.max_results ?? 100, input.cursor);
    return { filters: page, next_cursor };
  },
});
