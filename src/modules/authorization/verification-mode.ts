import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { getEnvironmentSettings, updateEnvironmentSettings } from '../environments/environment-settings.js';

/**
 * How OAuth consent is tied to the app's user (seed "Verify user identity"):
 * - `custom`: the app's server calls VerifyConnectedAccountUser from its `user_verify_url`;
 * - `dashboard_users`: the person consenting must carry a Latchkey admin session (testing only).
 * A new `development` starts in `dashboard_users` (src/modules/environments/new-environment-settings.ts);
 * any other environment, and one created before that default, refuses OAuth links until an operator chooses.
 */
export const VERIFICATION_MODES = ['custom', 'dashboard_users'] as const;
export type VerificationMode = (typeof VERIFICATION_MODES)[number];

export async function verificationModeOf(db: Kysely<Tables>, envId: string): Promise<VerificationMode | undefined> {
  return (await getEnvironmentSettings(db, envId)).user_verification;
}

/** Exactly how to configure it, for errors shown to API callers and operators. */
export const howToConfigure = (envName: string): string =>
  `configure it with the CLI: \`npx latchkey verification set --env ${envName} --mode custom\` ` +
  `(or \`--mode dashboard_users\` for internal testing), or with this environment's access token: ` +
  `PUT /api/v1/agent-auth/user-verification with body {"mode":"custom"}`;

export const verificationNotConfigured = (envName: string): DomainError =>
  new DomainError(
    'failed_precondition',
    `user verification is not configured for environment '${envName}', so OAuth authorization links cannot be issued; ${howToConfigure(envName)}`,
    { reason: 'USER_VERIFICATION_NOT_CONFIGURED' },
  );

export function parseVerificationMode(raw: unknown, field = 'mode'): VerificationMode {
  if (typeof raw === 'string' && (VERIFICATION_MODES as readonly string[]).includes(raw)) return raw as VerificationMode;
  throw invalidArgument(field, `must be 'custom' (your server calls VerifyConnectedAccountUser) or 'dashboard_users' (signed-in Latchkey administrators only; for testing)`);
}

export async function setVerificationMode(db: Kysely<Tables>, envId: string, mode: unknown): Promise<VerificationMode> {
  const m = parseVerificationMode(mode);
  await updateEnvironmentSettings(db, envId, { user_verification: m });
  return m;
}
