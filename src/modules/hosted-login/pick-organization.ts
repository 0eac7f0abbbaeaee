import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError } from '../errors/domain-error.js';
import type { SignInOutcome } from '../sign-in/sign-in-outcome.js';
import { loadLoginState, takePickStep } from './login-state.js';
import { activeOrganizations, type OrganizationOption } from './organization-choice.js';
import { markSignedIn, outcomeOf } from './sign-in-person.js';

const noPickStep = () =>
  new DomainError('failed_precondition', 'this sign-in has no organization to choose (it was already completed, or the page is out of date); start signing in again from the app', { reason: 'LOGIN_NO_PICK_STEP' });

/** The organizations the pick page lists for this interaction (still ACTIVE memberships only). */
export async function pickOptions(db: Kysely<Tables>, envId: string, uid: string): Promise<OrganizationOption[] | undefined> {
  const state = await loadLoginState(db, envId, uid);
  if (!state?.userId) return undefined;
  return (await activeOrganizations(db, envId, state.userId)).filter((o) => state.organizationChoices.includes(o.id));
}

/**
 * The pick, as named steps: check the choice is one offered (and still an ACTIVE membership) → take
 * the pick step once (a replayed POST finds nothing) → the outcome.
 */
export async function pickOrganization(db: Kysely<Tables>, envId: string, uid: string, organizationId: unknown): Promise<SignInOutcome> {
  const options = await pickOptions(db, envId, uid);
  if (!options) throw noPickStep();
  if (typeof organizationId !== 'string' || !options.some((o) => o.id === organizationId)) {
    throw new DomainError('invalid_argument', 'organization_id must be one of the organizations listed on the page', {
      reason: 'LOGIN_ORGANIZATION_NOT_OFFERED',
      violations: [{ field: 'organization_id', description: 'is not one of the organizations listed' }],
    });
  }
  const state = await takePickStep(db, envId, uid);
  if (!state?.userId) throw noPickStep();
  await markSignedIn(db, state.userId);
  return outcomeOf(state.userId, organizationId, state.amr, state.identity);
}
