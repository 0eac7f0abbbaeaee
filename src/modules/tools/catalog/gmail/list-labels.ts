import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle, localPageInputSchema } from './google-api.js';
import { pageLocally } from '../paging/page-locally.js';
import { GMAIL } from './gmail-message.js';

interface Input { max_results?: number; cursor?: string }
interface Label { id: string; name: string; type: string }

export const listLabels = defineTool<Input, { labels: Label[]; next_cursor: string | null }>({
  definition: {
    name: 'gmail_list_labels',
    display_name: 'List Labels',
    description: 'List labels (system ones like INBOX, UNREAD and the user\'s) with their ids.',
    provider: 'gmail',
    category: 'communication',
    input_schema: localPageInputSchema,
    output_schema: {
      type: 'object',
      properties: {
        labels: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string', enum: ['system', 'user'] } }, required: ['id', 'name'] } },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['labels', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callGoogle<{ labels?: Array<{ id: string; name: string; type?: string }> }>(ctx, { method: 'GET', path: `${GMAIL}/labels` }, 'labels');
    const labels = (body.labels ?? []).map((l) => ({ id: l.id, name: l.name, type: l.type ?? 'user' }));
    const { page, next_cursor } = pageLocally(labels, input.max_results ?? 100, input.cursor);
    return { labels: page, next_cursor };
  },
});
