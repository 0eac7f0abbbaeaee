import { defineTool } from '../../definition/tool-spec.js';
import { asanaCall, nextCursor, type AsanaPage } from './asana-api.js';
import { cursor, gid, nextCursorOut, pageSize } from './asana-schema.js';

interface Input { workspace_gid: string; include_archived?: boolean; limit?: number; cursor?: string }

interface Project { gid: string; name?: string; archived?: boolean; permalink_url?: string }

export const listProjects = defineTool<Input, unknown>({
  definition: {
    name: 'asana_list_projects',
    display_name: 'List Asana projects',
    description: 'List a workspace\'s projects; archived ones only if asked.',
    provider: 'asana',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { workspace_gid: gid(), include_archived: { type: 'boolean', default: false }, limit: pageSize, cursor },
      required: ['workspace_gid'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        projects: {
          type: 'array',
          items: {
            type: 'object',
            properties: { gid: { type: 'string' }, name: { type: 'string' }, archived: { type: 'boolean' }, url: { type: ['string', 'null'] } },
            required: ['gid'],
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
    const page = await asanaCall<AsanaPage<Project>>(ctx, {
      method: 'GET',
      path: '/projects',
      query: {
        workspace: input.workspace_gid,
        // Asana's `archived` filter matches exactly; leaving it out returns both kinds.
        archived: input.include_archived ? undefined : false,
        limit: input.limit ?? 20,
        offset: input.cursor,
        opt_fields: 'name,archived,permalink_url',
      },
    });
    return {
      projects: (page.data ?? []).map((p) => ({ gid: p.gid, name: p.name ?? '', archived: p.archived ?? false, url: p.permalink_url ?? null })),
      next_cursor: nextCursor(page),
    };
  },
});
