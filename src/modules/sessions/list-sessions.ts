import { invalidArgument, invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { keysetPage, type Page } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { findUserRow } from '../users/user-ref.js';
import { nowOf, type SessionDeps } from './session-deps.js';
import { expireLapsed } from './expire-lapsed.js';
import { findSessionRow } from './read-sessions.js';
import { sessionFromRow } from './session-rows.js';
import { SESSION_STATUSES, type Session, type SessionStatus } from './session.js';

const MAX_PAGE_SIZE = 100;

export interface SessionListOptions {
  /** Any of these statuses (case-insensitive); empty: all. */
  statuses?: string[];
  /** Created at or after. */
  startTime?: Date;
  /** Created before. */
  endTime?: Date;
  pageToken?: string;
  pageSize?: number;
}

export async function getSession(deps: SessionDeps, environmentId: string, sessionId: string): Promise<Session> {
  return sessionFromRow(await findSessionRow(deps.db, environmentId, sessionId, nowOf(deps)));
}

function checkFilter(o: SessionListOptions): SessionStatus[] {
  const v: FieldViolation[] = [];
  const statuses = (o.statuses ?? []).map((s) => s.toLowerCase());
  statuses.forEach((s, i) => {
    if (!SESSION_STATUSES.includes(s as SessionStatus)) v.push({ field: `filter.status[${i}]`, description: `must be one of ${SESSION_STATUSES.join(', ')}` });
  });
  // A Timestamp beyond what a Date holds (binary protobuf accepts any seconds) is refused, not thrown on later.
  for (const [field, t] of [['filter.start_time', o.startTime], ['filter.end_time', o.endTime]] as const) {
    if (t && Number.isNaN(t.getTime())) v.push({ field, description: 'must be a valid time' });
  }
  if (v.length) throw invalidFields(v);
  if (o.startTime && o.endTime && o.endTime <= o.startTime) v.push({ field: 'filter.end_time', description: 'must be after filter.start_time' });
  if (v.length) throw invalidFields(v);
  return statuses as SessionStatus[];
}

/** GetUserSessions: the user's sessions oldest first, page by page, lapsed ones reported as expired. */
export async function listUserSessions(deps: SessionDeps, environmentId: string, userId: string, o: SessionListOptions = {}): Promise<Page<Session>> {
  if (!userId) throw invalidArgument('user_id', 'is required');
  const statuses = checkFilter(o);
  const pageSize = pageSizeOf(o.pageSize, MAX_PAGE_SIZE);
  const user = await findUserRow(deps.db, environmentId, { id: userId });
  await expireLapsed(deps.db, { environmentId, userId: user.id }, nowOf(deps));
  let q = deps.db.selectFrom('user_sessions').selectAll().where('environment_id', '=', environmentId).where('user_id', '=', user.id);
  if (statuses.length) q = q.where('status', 'in', statuses);
  if (o.startTime) q = q.where('created_at', '>=', o.startTime.toISOString());
  if (o.endTime) q = q.where('created_at', '<', o.endTime.toISOString());
  const page = await keysetPage(q, { pageSize, pageToken: o.pageToken });
  return { ...page, items: page.items.map(sessionFromRow) };
}
