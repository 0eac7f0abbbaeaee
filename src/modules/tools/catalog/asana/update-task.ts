import { defineTool, ToolFailure } from '../../definition/tool-spec.js';
import { asanaCall } from './asana-api.js';
import { assignee, gid, shapeTask, TASK_FIELDS, taskOut, type AsanaTask } from './asana-schema.js';

interface Input { task_gid: string; name?: string; notes?: string; completed?: boolean; due_on?: string | null; assignee?: string | null }

const CHANGES = ['name', 'notes', 'completed', 'due_on', 'assignee'] as const;

export const updateTask = defineTool<Input, unknown>({
  definition: {
    name: 'asana_update_task',
    display_name: 'Update Asana task',
    description: 'Change the given fields of a task; null clears due_on or assignee.',
    provider: 'asana',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        task_gid: gid(),
        name: { type: 'string', minLength: 1, maxLength: 1024 },
        notes: { type: 'string', maxLength: 20000 },
        completed: { type: 'boolean' },
        due_on: { type: ['string', 'null'], format: 'date', },
        assignee: { ...assignee, type: ['string', 'null'], },
      },
      required: ['task_gid'],
      additionalProperties: false,
    },
    output_schema: taskOut,
  },
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const data: Record<string, unknown> = {};
    for (const key of CHANGES) if (input[key] !== undefined) data[key] = input[key];
    if (Object.keys(data).length === 0) throw new ToolFailure(`nothing to change: give at least one of ${CHANGES.join(', ')}`, undefined, 'missing_input');
    const body = await asanaCall<{ data: AsanaTask }>(ctx, {
      method: 'PUT',
      path: `/tasks/${encodeURIComponent(input.task_gid)}`,
      query: { opt_fields: TASK_FIELDS },
      json: { data },
    });
    return shapeTask(body.data);
  },
});
