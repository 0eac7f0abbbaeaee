import { defineTool } from '../../definition/tool-spec.js';
import { jiraCall } from './jira-api.js';
import { cloudId, nextCursorOut } from './jira-schema.js';

interface Input { cloud_id?: string; query?: string; max_results?: number; cursor?: string }

interface ProjectPage {
  startAt?: number;
  isLast?: boolean;
  values?: Array<{ id: string; key: string; name: string; projectTypeKey?: string }>;
}

export const listProjects = defineTool<Input, unknown>({
  definition: {
    name: 'jira_list_projects',
    display_name: 'List Jira projects',
    description: 'List the projects the user can see.',
    provider: 'jira',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        query: { type: 'string', maxLength: 200, description: 'Match in key or name' },
        max_results: { type: 'integer', minimum: 1, maximum: 50, default: 50 },
        cursor: { type: 'string', pattern: '^[0-9]{1,9}$' },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        projects: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' }, type: { type: ['string', 'null'] } },
            required: ['key'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['projects', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const startAt = Number(input.cursor ?? 0);
    const { body } = await jiraCall(ctx, input.cloud_id, {
      method: 'GET',
      path: '/project/search',
      query: { startAt, maxResults: input.max_results ?? 50, query: input.query || undefined },
    });
    const page = body as ProjectPage;
    const values = page.values ?? [];
    return {
      projects: values.map((p) => ({ id: p.id, key: p.key, name: p.name, type: p.projectTypeKey ?? null })),
      // Offset paging: the next page starts where this one ended.
      next_cursor: page.isLast !== false || values.length === 0 ? null : String((page.startAt ?? startAt) + values.length),
    };
  },
});
