import { defineTool } from '../../definition/tool-spec.js';
import { textToAdf } from './adf.js';
import { issuePath, jiraCall } from './jira-api.js';
import { cloudId, issueKey } from './jira-schema.js';

interface Input { cloud_id?: string; issue_key: string; text: string }

export const addComment = defineTool<Input, unknown>({
  definition: {
    name: 'jira_add_comment',
    display_name: 'Comment on Jira issue',
    description: 'Add a plain-text comment to an issue.',
    provider: 'jira',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { cloud_id: cloudId, issue_key: issueKey, text: { type: 'string', minLength: 1, maxLength: 32000 } },
      required: ['issue_key', 'text'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, author: { type: ['string', 'null'] }, created: { type: ['string', 'null'] } },
      required: ['id'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const { body } = await jiraCall(ctx, input.cloud_id, {
      method: 'POST',
      path: issuePath(input.issue_key, '/comment'),
      json: { body: textToAdf(input.text) },
    });
    const c = body as { id: string; author?: { displayName?: string }; created?: string };
    return { id: c.id, author: c.author?.displayName ?? null, created: c.created ?? null };
  },
});
