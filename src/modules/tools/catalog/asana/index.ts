import type { ToolSpec } from '../../definition/tool-spec.js';
import { addComment } from './add-comment.js';
import { createTask } from './create-task.js';
import { getTask } from './get-task.js';
import { listProjects } from './list-projects.js';
import { listTasks } from './list-tasks.js';
import { listWorkspaces } from './list-workspaces.js';
import { updateTask } from './update-task.js';

/** The asana connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [createTask, listTasks, getTask, updateTask, addComment, listProjects, listWorkspaces];
