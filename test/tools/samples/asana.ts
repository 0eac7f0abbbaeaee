import type { ToolSample } from './tool-sample.js';

/** One valid input per asana tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const asanaSamples = {
  asana_create_task: {
    input: { name: 'Send press kit', notes: 'PDF + logos', project_gid: '1202000000000001', assignee: 'ppatel@example.com', due_on: '2026-12-15' },
    calls: ['POST /api/1.0/tasks'],
  },
  asana_list_tasks: {
    input: { project_gid: '1202000000000001', limit: 10 },
    calls: ['GET /api/1.0/tasks'],
  },
  asana_get_task: {
    input: { task_gid: '1203000000000001' },
    calls: ['GET /api/1.0/tasks/1203000000000001'],
  },
  asana_update_task: {
    input: { task_gid: '1203000000000002', completed: true, due_on: null, assignee: null },
    calls: ['PUT /api/1.0/tasks/1203000000000002'],
  },
  asana_add_comment: {
    input: { task_gid: '1203000000000001', text: 'Legal approved the draft.' },
    calls: ['POST /api/1.0/tasks/1203000000000001/stories'],
  },
  asana_list_projects: {
    input: { workspace_gid: '1200000000000001' },
    calls: ['GET /api/1.0/projects'],
  },
  asana_list_workspaces: {
    input: { limit: 1 },
    calls: ['GET /api/1.0/workspaces'],
  },
} satisfies Record<string, ToolSample>;
