import { defineTool } from '../../definition/tool-spec.js';
import { textToAdf } from './adf.js';
import { jiraCall } from './jira-api.js';
import { cloudId, issueKey } from './jira-schema.js';

interface Input {
  cloud_id?: string;
  project_key: string;
  summary: string;
  issue_type?: string;
  description?: string;
  labels?: string[];
  priority?: string;
  assignee_account_id?: string;
  parent_key?: string;
}

export const createIssue = defineTool<Input, unknown>({
  definition: {
    name: 'jira_create_issue',
    display_name: 'Create Jira issue',
    description: 'Create an issue in a project; description is plain text.',
    provider: 'jira',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        project_key: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$', maxLength: 32, },
        summary: { type: 'string', minLength: 1, maxLength: 255 },
        issue_type: { type: 'string', minLength: 1, maxLength: 60, default: 'Task', description: 'Task, Bug, Story, Epic…' },
        description: { type: 'string', maxLength: 32000 },
        labels: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^\\S{1,255}$' }, },
        priority: { type: 'string', maxLength: 60, description: 'e.g. High' },
        assignee_account_id: { type: 'string', maxLength: 128, },
        parent_key: { ...issueKey, description: 'For a subtask or epic child' },
      },
      required: ['project_key', 'summary'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, key: { type: 'string' } },
      required: ['id', 'key'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const fields: Record<string, unknown> = {
      project: { key: input.project_key },
      summary: input.summary,
      issuetype: { name: input.issue_type ?? 'Task' },
    };
    if (input.description) fields.description = textToAdf(input.description);
    if (input.labels?.length) fields.labels = input.labels;
    if (input.priority) fields.priority = { name: input.priority };
    if (input.assignee_account_id) fields.assignee = { accountId: input.assignee_account_id };
    if (input.parent_key) fields.parent = { key: input.parent_key };
    const { body } = await jiraCall(ctx, input.cloud_id, { method: 'POST', path: '/issue', json: { fields } });
    const created = body as { id: string; key: string };
    return { id: created.id, key: created.key };
  },
});
