import type { ToolSpec } from '../../definition/tool-spec.js';
import { addComment } from './add-comment.js';
import { createIssue } from './create-issue.js';
import { createProject } from './create-project.js';
import { getIssue } from './get-issue.js';
import { listProjects } from './list-projects.js';
import { listSites } from './list-sites.js';
import { searchIssues } from './search-issues.js';
import { transitionIssue } from './transition-issue.js';

/** The jira connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [searchIssues, getIssue, createIssue, addComment, transitionIssue, listProjects, listSites, createProject];
