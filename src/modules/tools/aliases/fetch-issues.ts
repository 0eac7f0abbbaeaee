import { text, type ToolAlias } from './alias-spec.js';

/**
 * `fetch_issues({ jql, fields? })` → `{ issues: [{ key, summary, status, assignee, ... }] }`, up to
 * 100 (Jira's search; `fields` is not sent: the tool returns the summary fields, status by name).
 */
export const fetchIssues: ToolAlias = {
  name: 'fetch_issues',
  summary: 'jql → issues[] (key, summary, status, assignee, …)',
  targets: [
    {
      provider: 'jira',
      tool: 'jira_search_issues',
      params: (p) => ({ jql: text(p, 'fetch_issues', 'jql') as string, max_results: 100 }),
      result: (out) => ({ issues: out.issues ?? [], next_cursor: out.next_cursor ?? null }),
    },
  ],
};
