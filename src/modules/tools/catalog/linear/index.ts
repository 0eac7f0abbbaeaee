import type { ToolSpec } from '../../definition/tool-spec.js';
import { linearAddComment } from './add-comment.js';
import { linearCreateIssue } from './create-issue.js';
import { linearGetIssue } from './get-issue.js';
import { linearListIssues } from './list-issues.js';
import { linearListTeams } from './list-teams.js';
import { linearListWorkflowStates } from './list-workflow-states.js';
import { linearUpdateIssue } from './update-issue.js';

/** The linear connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [
  linearListTeams, linearListIssues, linearGetIssue, linearCreateIssue, linearUpdateIssue, linearAddComment, linearListWorkflowStates,
];
