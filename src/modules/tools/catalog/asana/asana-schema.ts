/** Schema pieces and the task shape shared by the Asana tools. */
export const gid = (description?: string) => ({ type: 'string', pattern: '^[0-9]{1,32}$', ...(description ? { description } : {}) });

export const assignee = { type: 'string', maxLength: 254, description: 'User gid, email, or "me"' };

export const pageSize = { type: 'integer', minimum: 1, maximum: 100, default: 20 };
export const cursor = { type: 'string', maxLength: 512 };
/** null on the last page. */
export const nextCursorOut = { type: ['string', 'null'] };

const refProps = { gid: { type: 'string' }, name: { type: ['string', 'null'] } };

/** Ask Asana for just these, so it does not send the whole task record. */
export const TASK_FIELDS = 'name,notes,completed,due_on,assignee.name,projects.name,permalink_url,modified_at';

export const taskOut = {
  type: 'object',
  properties: {
    gid: { type: 'string' },
    name: { type: 'string' },
    notes: { type: 'string' },
    completed: { type: 'boolean' },
    due_on: { type: ['string', 'null'] },
    assignee: { type: ['object', 'null'], properties: refProps },
    projects: { type: 'array', items: { type: 'object', properties: refProps } },
    url: { type: ['string', 'null'] },
    modified_at: { type: ['string', 'null'] },
  },
  required: ['gid', 'name', 'completed'],
};

type Ref = { gid: string; name?: string } | null;

export interface AsanaTask {
  gid: string;
  name?: string;
  notes?: string;
  completed?: boolean;
  due_on?: string | null;
  assignee?: Ref;
  projects?: Array<{ gid: string; name?: string }>;
  permalink_url?: string;
  modified_at?: string;
}

const shapeRef = (r: Ref | undefined) => (r ? { gid: r.gid, name: r.name ?? null } : null);

/** Notes are capped so one task cannot flood a model's context. */
const MAX_NOTES = 10_000;

export function shapeTask(t: AsanaTask) {
  const notes = t.notes ?? '';
  return {
    gid: t.gid,
    name: t.name ?? '',
    notes: notes.length > MAX_NOTES ? `${notes.slice(0, MAX_NOTES)}…` : notes,
    completed: t.completed ?? false,
    due_on: t.due_on ?? null,
    assignee: shapeRef(t.assignee),
    projects: (t.projects ?? []).map((p) => ({ gid: p.gid, name: p.name ?? null })),
    url: t.permalink_url ?? null,
    modified_at: t.modified_at ?? null,
  };
}
