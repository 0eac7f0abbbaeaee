/** The issue fields every Linear tool asks for, and the trimmed shape it hands a model. */
export const ISSUE_FIELDS = 'id identifier title priorityLabel url updatedAt dueDate state { name type } assignee { name } team { key }';

export interface LinearIssue {
  id: string;
  identifier: string;
  title: string;
  priorityLabel?: string;
  url: string;
  updatedAt?: string;
  dueDate?: string | null;
  state?: { name: string; type: string } | null;
  assignee?: { name: string } | null;
  team?: { key: string } | null;
}

export function shapeIssue(i: LinearIssue) {
  return {
    id: i.id,
    identifier: i.identifier,
    title: i.title,
    state: i.state?.name ?? null,
    state_type: i.state?.type ?? null,
    priority: i.priorityLabel ?? null,
    assignee: i.assignee?.name ?? null,
    team_key: i.team?.key ?? null,
    due_date: i.dueDate ?? null,
    updated_at: i.updatedAt ?? null,
    url: i.url,
  };
}

const nullableString = { type: ['string', 'null'] };

export const issueOutProperties = {
  id: { type: 'string' },
  identifier: { type: 'string' },
  title: { type: 'string' },
  state: nullableString,
  state_type: nullableString,
  priority: nullableString,
  assignee: nullableString,
  team_key: nullableString,
  due_date: nullableString,
  updated_at: nullableString,
  url: { type: 'string' },
};

export const issueOut = { type: 'object', properties: issueOutProperties, required: ['id', 'identifier', 'title', 'url'] };

/** Fields a model may set on create and update, in snake_case, mapped to Linear's input names. */
export const issueFieldsIn = {
  title: { type: 'string', minLength: 1, maxLength: 500 },
  description: { type: 'string', maxLength: 20000 },
  priority: { type: 'integer', minimum: 0, maximum: 4, description: '0 none, 1 urgent … 4 low' },
  // linear_list_workflow_states says it yields these ids; repeating it here would push create/update past 1.4 KB.
  state_id: { type: 'string', format: 'uuid' },
  label_ids: { type: 'array', maxItems: 20, items: { type: 'string', format: 'uuid' } },
  project_id: { type: 'string', format: 'uuid' },
  due_date: { type: 'string', format: 'date' },
};

const RENAMES: Record<string, string> = {
  title: 'title', description: 'description', priority: 'priority', state_id: 'stateId', label_ids: 'labelIds',
  project_id: 'projectId', due_date: 'dueDate', assignee_id: 'assigneeId', team_id: 'teamId', parent_id: 'parentId',
};

export function toIssueInput(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (RENAMES[k] && v !== undefined) out[RENAMES[k]] = v;
  return out;
}
