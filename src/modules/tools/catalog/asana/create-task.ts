import { defineTool, ToolFailure } from '../../definition/tool-spec.js';
import { asanaCall } from './asana-api.js';
import { assignee, gid, shapeTask, TASK_FIELDS, taskOut, type AsanaTask } from './asana-schema.js';

interface Input { name: string; notes?: string; project_gid?: string; workspace_gid?: string; assignee?: string; due_on?: string }

export const createTask = defineTool<Input, unknown>({
  definition: {
    name: 'asana_create_task',
    display_name: 'Create Asana task',
    description: 'Create a task in a project, or unfiled in a workspace.',
    provider: 'asana',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 1024 },
        notes: { type: 'string', maxLength: 20000, description: 'Plain text' },
        project_gid: gid(),
        workspace_gid: gid('When no project'),
        assignee,
        due_on: { type: 'string', format: 'date' },
      },
      required: ['name'],
      additionalProperties: false,
    },
    output_schema: taskOut,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    if (!input.project_gid && !input.workspace_gid) throw new ToolFailure('give project_gid or workspace_gid: every Asana task lives in a workspace', undefined, 'missing_input');
    const data: Record<string, unknown> = { name: input.name };
    if (input.notes) data.notes = input.notes;
    if (input.project_gid) data.projects = [input.project_gid];
    else data.workspace = input.workspace_gid;
    if (input.assignee) data.assignee = input.assignee;
    if (input.due_on) data.due_on = input.due_on;
    const body = await asanaCall<{ data: AsanaTask }>(ctx, { method: 'POST', path: '/tasks', query: { opt_fields: TASK_FIELDS }, json: { data } });
    return shapeTask(body.data);
  },
});
