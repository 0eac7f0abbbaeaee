import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { keysetPage, type Page } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { organizationFor } from './memberships.js';
import type { User } from './user.js';
import { userSearchFilter } from './user-search.js';
import { withMemberships } from './users.js';

/** ListOrganizationUsers / SearchOrganizationUsers: the users with a membership (any status) in one organization. */
export async function listOrganizationUsers(
  db: Kysely<Tables>,
  envId: string,
  organizationId: string,
  opts: { pageSize?: number; pageToken?: string; query?: string },
): Promise<Page<User>> {
  const org = await organizationFor(db, envId, organizationId);
  const pageSize = pageSizeOf(opts.pageSize, 100);
  let q = db
    .selectFrom('users')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('id', 'in', db.selectFrom('memberships').select('user_id').where('organization_id', '=', org.id));
  if (opts.query !== undefined) q = q.where(userSearchFilter(opts.query));
  const page = await keysetPage(q, { pageSize, pageToken: opts.pageToken });
  return { ...page, items: await withMemberships(db, envId, page.items) };
}
