import { defineTool } from '../../definition/tool-spec.js';
import { asanaCall, nextCursor, type AsanaPage } from './asana-api.js';
import { cursor, nextCursorOut, pageSize } from './asana-schema.js';

interface Input { limit?: number; cursor?: string }

export const listWorkspaces = defineTool<Input, unknown>({
  definition: {
    name: 'asana_list_workspaces',
    display_name: 'List Asana workspaces',
    description: 'List the user\'s workspaces and their gids.',
    provider: 'asana',
    category: 'project_management',
    input_schema: { type: 'object', properties: { limit: pageSize, cursor }, additionalProperties: false },
    output_schema: {
      type: 'object',
      properties: {
        workspaces: {
          type: 'array',
          items: {
            type: 'object',
            properties: { gid: { type: 'string' }, name: { type: 'string' }, is_organization: { type: 'boolean' } },
            required: ['gid'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['workspaces', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const page = await asanaCall<AsanaPage<{ gid: string; name?: string; is_organization?: boolean }>>(ctx, {
      method: 'GET',
      path: '/workspaces',
      query: { limit: input.limit ?? 20, offset: input.cursor, opt_fields: 'name,is_organization' },
    });
    return {
      workspaces: (page.data ?? []).map((w) => ({ gid: w.gid, name: w.name ?? '', is_organization: w.is_organization ?? false })),
      next_cursor: nextCursor(page),
    };
  },
});
