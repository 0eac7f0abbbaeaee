import type { ToolSpec } from '../../definition/tool-spec.js';
import { commentOnIssue } from './comment-on-issue.js';
import { createIssue } from './create-issue.js';
import { getIssue } from './get-issue.js';
import { getRepository } from './get-repository.js';
import { listIssues } from './list-issues.js';
import { listPullRequests } from './list-pull-requests.js';
import { updateIssue } from './update-issue.js';

/** The github connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [
  createIssue, listIssues, getIssue, commentOnIssue, updateIssue, listPullRequests, getRepository,
];
