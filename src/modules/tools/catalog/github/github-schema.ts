/** Schema pieces and output shapes shared by the GitHub tools. */
export const repo = {
  type: 'string',
  pattern: '^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$',
};

export const issueNumber = { type: 'integer', minimum: 1 };

export const logins = (what?: string) => ({
  type: 'array', items: { type: 'string' }, maxItems: 10, uniqueItems: true, ...(what ? { description: what } : {}),
});

export const labelNames = { type: 'array', items: { type: 'string', maxLength: 50 }, maxItems: 20, uniqueItems: true };

export const perPage = { type: 'integer', minimum: 1, maximum: 100, default: 30 };
export const cursor = { type: 'string', pattern: '^[1-9][0-9]{0,5}$' };
export const nextCursorOut = { type: ['string', 'null'] };

export const nullableString = { type: ['string', 'null'] };

/** An issue trimmed to what a model reasons about in a list: identity, state, people, labels. */
export const issueOut = {
  type: 'object',
  properties: {
    number: { type: 'integer' }, title: { type: 'string' }, state: { enum: ['open', 'closed'] }, html_url: { type: 'string' },
    author: nullableString, labels: { type: 'array', items: { type: 'string' } }, assignees: { type: 'array', items: { type: 'string' } },
    comments: { type: 'integer' }, is_pull_request: { type: 'boolean' }, updated_at: { type: 'string' },
  },
  required: ['number', 'title', 'state', 'html_url'],
};

/** What a model needs after creating or editing an issue: which one, where, and its state. */
export const issueRefOut = {
  type: 'object',
  properties: { number: { type: 'integer' }, title: { type: 'string' }, state: { enum: ['open', 'closed'] }, html_url: { type: 'string' } },
  required: ['number', 'title', 'state', 'html_url'],
};

export const issueRef = (i: GitHubIssue) => ({ number: i.number, title: i.title, state: i.state, html_url: i.html_url });

export interface GitHubIssue {
  number: number; title: string; state: 'open' | 'closed'; html_url: string; body?: string | null;
  user?: { login: string } | null; labels?: Array<string | { name?: string }>; assignees?: Array<{ login: string }> | null;
  comments?: number; pull_request?: unknown; created_at: string; updated_at: string; closed_at?: string | null;
}

export function shapeIssue(i: GitHubIssue) {
  return {
    number: i.number,
    title: i.title,
    state: i.state,
    html_url: i.html_url,
    author: i.user?.login ?? null,
    labels: (i.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name ?? '')),
    assignees: (i.assignees ?? []).map((a) => a.login),
    comments: i.comments ?? 0,
    is_pull_request: i.pull_request !== undefined,
    updated_at: i.updated_at,
  };
}
