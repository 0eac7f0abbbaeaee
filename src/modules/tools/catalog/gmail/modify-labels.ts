import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { callGoogle, seg } from './google-api.js';
import { GMAIL } from './gmail-message.js';

interface Input { message_id: string; add_label_ids?: string[]; remove_label_ids?: string[] }

const labelIds = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 20 };

export const modifyLabels = defineTool<Input, { message_id: string; labels: string[] }>({
  definition: {
    name: 'gmail_modify_labels',
    display_name: 'Modify Email Labels',
    description: 'Add or remove label ids on an email: e.g. remove UNREAD (mark read) or INBOX (archive), add STARRED.',
    provider: 'gmail',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        message_id: { type: 'string', minLength: 1, maxLength: 100 },
        add_label_ids: labelIds,
        remove_label_ids: labelIds,
      },
      required: ['message_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { message_id: { type: 'string' }, labels: { type: 'array', items: { type: 'string' }, description: 'Labels now on it' } },
      required: ['message_id', 'labels'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    if (!input.add_label_ids?.length && !input.remove_label_ids?.length) {
      throw new ToolFailure('add_label_ids or remove_label_ids: give at least one label id to change');
    }
    const m = await callGoogle<{ id: string; labelIds?: string[] }>(ctx, {
      method: 'POST',
      path: `${GMAIL}/messages/${seg(input.message_id)}/modify`,
      json: { addLabelIds: input.add_label_ids ?? [], removeLabelIds: input.remove_label_ids ?? [] },
    }, `message ${input.message_id}`);
    return { message_id: m.id, labels: m.labelIds ?? [] };
  },
});
