import type { ExpressionBuilder } from 'kysely';
import { invalidArgument } from '../errors/domain-error.js';
import { containsIgnoringCase } from '../validation/like-pattern.js';

/** SearchUsers / SearchOrganizationUsers: email, name, given or family name containing the query, or the exact id / external id. */
export function userSearchFilter(query: string) {
  const term = query.trim();
  if (term.length < 1) throw invalidArgument('query', 'is required (part of an email address or a name)');
  return (eb: ExpressionBuilder<any, any>) =>
    eb.or([
      containsIgnoringCase('email', term),
      containsIgnoringCase('name', term),
      containsIgnoringCase('given_name', term),
      containsIgnoringCase('family_name', term),
      eb('id', '=', term),
      eb('external_id', '=', term),
    ]);
}
