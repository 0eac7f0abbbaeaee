import { defineTool } from '../../definition/tool-spec.js';
import { asanaCall } from './asana-api.js';
import { gid, shapeTask, TASK_FIELDS, taskOut, type AsanaTask } from './asana-schema.js';

interface Input { task_gid: string }

export const getTask = defineTool<Input, unknown>({
  definition: {
    name: 'asana_get_task',
    display_name: 'Get Asana task',
    description: 'Read one task with notes, assignee and projects.',
    provider: 'asana',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { task_gid: gid() },
      required: ['task_gid'],
      additionalProperties: false,
    },
    output_schema: taskOut,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await asanaCall<{ data: AsanaTask }>(ctx, {
      method: 'GET',
      path: `/tasks/${encodeURIComponent(input.task_gid)}`,
      query: { opt_fields: TASK_FIELDS },
    });
    return shapeTask(body.data);
  },
});
