/** Schema pieces shared by the Jira tools, so each names and bounds them the same way. */
export const cloudId = {
  type: 'string',
  format: 'uuid',
  description: 'From jira_list_sites; omit if one site',
};

export const issueKey = {
  type: 'string',
  pattern: '^([A-Za-z][A-Za-z0-9_]*-)?[0-9]+$',
  maxLength: 64,
};

/** null on the last page. */
export const nextCursorOut = { type: ['string', 'null'] };

const nullableString = { type: ['string', 'null'] };

/** An issue as a list shows it: key, title, state, who. */
export const issueSummaryOut = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    summary: { type: 'string' },
    status: nullableString,
    status_category: { ...nullableString, description: 'new | indeterminate | done' },
    type: nullableString,
    priority: nullableString,
    assignee: nullableString,
    updated: nullableString,
  },
  required: ['key', 'summary'],
};

export interface JiraIssue {
  id: string;
  key: string;
  fields?: {
    summary?: string;
    status?: { name?: string; statusCategory?: { key?: string } };
    issuetype?: { name?: string };
    priority?: { name?: string } | null;
    assignee?: { displayName?: string } | null;
    reporter?: { displayName?: string } | null;
    updated?: string;
    created?: string;
    labels?: string[];
    description?: unknown;
    project?: { key?: string };
    parent?: { key?: string } | null;
    comment?: { total?: number; comments?: JiraComment[] };
  };
}

export interface JiraComment { id: string; author?: { displayName?: string }; created?: string; body?: unknown }

/** The fields a summary needs: asked for explicitly so Jira does not send every custom field. */
export const SUMMARY_FIELDS = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'updated'];

export function shapeIssueSummary(issue: JiraIssue) {
  const f = issue.fields ?? {};
  return {
    id: issue.id,
    key: issue.key,
    summary: f.summary ?? '',
    status: f.status?.name ?? null,
    status_category: f.status?.statusCategory?.key ?? null,
    type: f.issuetype?.name ?? null,
    priority: f.priority?.name ?? null,
    assignee: f.assignee?.displayName ?? null,
    updated: f.updated ?? null,
  };
}
