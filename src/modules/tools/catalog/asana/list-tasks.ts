import { defineTool, ToolFailure } from '../../definition/tool-spec.js';
import { asanaCall, nextCursor, type AsanaPage } from './asana-api.js';
import { assignee, cursor, gid, nextCursorOut, pageSize, type AsanaTask } from './asana-schema.js';

interface Input { project_gid?: string; workspace_gid?: string; assignee?: string; include_completed?: boolean; limit?: number; cursor?: string }

const nullableStr = { type: ['string', 'null'] };

export const listTasks = defineTool<Input, unknown>({
  definition: {
    name: 'asana_list_tasks',
    display_name: 'List Asana tasks',
    description: 'List open tasks of a project, or of an assignee in a workspace.',
    provider: 'asana',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        project_gid: gid(),
        workspace_gid: gid(),
        assignee: { ...assignee, description: 'With workspace_gid; default "me"' },
        include_completed: { type: 'boolean', default: false },
        limit: pageSize,
        cursor,
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        tasks: {
          type: 'array',
          items: {
            type: 'object',
            properties: { gid: { type: 'string' }, name: { type: 'string' }, completed: { type: 'boolean' }, due_on: nullableStr, assignee: nullableStr, url: nullableStr },
            required: ['gid'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['tasks', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // Asana takes exactly one scope: a project, or an assignee within a workspace.
    if (input.project_gid ? input.workspace_gid || input.assignee : !input.workspace_gid) {
      throw new ToolFailure('give either project_gid alone, or workspace_gid (with an optional assignee)', undefined, 'invalid_scope');
    }
    const scope = input.project_gid ? { project: input.project_gid } : { workspace: input.workspace_gid, assignee: input.assignee ?? 'me' };
    const page = await asanaCall<AsanaPage<AsanaTask>>(ctx, {
      method: 'GET',
      path: '/tasks',
      query: {
        ...scope,
        completed_since: input.include_completed ? undefined : 'now',
        limit: input.limit ?? 20,
        offset: input.cursor,
        opt_fields: 'name,completed,due_on,assignee.name,permalink_url',
      },
    });
    return {
      tasks: (page.data ?? []).map((t) => ({
        gid: t.gid,
        name: t.name ?? '',
        completed: t.completed ?? false,
        due_on: t.due_on ?? null,
        assignee: t.assignee?.name ?? null,
        url: t.permalink_url ?? null,
      })),
      next_cursor: nextCursor(page),
    };
  },
});
