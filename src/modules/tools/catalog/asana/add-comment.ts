import { defineTool } from '../../definition/tool-spec.js';
import { asanaCall } from './asana-api.js';
import { gid } from './asana-schema.js';

interface Input { task_gid: string; text: string }

interface Story { gid: string; text?: string; created_at?: string; created_by?: { name?: string } | null }

export const addComment = defineTool<Input, unknown>({
  definition: {
    name: 'asana_add_comment',
    display_name: 'Comment on Asana task',
    description: 'Add a plain-text comment to a task as the user.',
    provider: 'asana',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { task_gid: gid(), text: { type: 'string', minLength: 1, maxLength: 20000 } },
      required: ['task_gid', 'text'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { gid: { type: 'string' }, text: { type: 'string' }, author: { type: ['string', 'null'] }, created_at: { type: ['string', 'null'] } },
      required: ['gid', 'text'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    // A comment is a story of type "comment" on the task.
    const body = await asanaCall<{ data: Story }>(ctx, {
      method: 'POST',
      path: `/tasks/${encodeURIComponent(input.task_gid)}/stories`,
      query: { opt_fields: 'text,created_at,created_by.name' },
      json: { data: { text: input.text } },
    });
    const s = body.data;
    return { gid: s.gid, text: s.text ?? '', author: s.created_by?.name ?? null, created_at: s.created_at ?? null };
  },
});
