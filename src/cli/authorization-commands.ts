import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { openCore } from '../server/core.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../modules/environments/environments.js';
import { createAdminLoginLink } from '../modules/authorization/admin-sessions.js';
import { setVerificationMode, verificationModeOf } from '../modules/authorization/verification-mode.js';

const DESCRIPTION = {
  custom: 'custom (your server confirms the user with VerifyConnectedAccountUser at its user_verify_url)',
  dashboard_users: 'dashboard_users (only browsers signed in with `npx latchkey admin login-link` can connect accounts; for testing)',
};

/** Opens the core, finds environment `envName` (creating the defaults first) and runs `fn`, then closes. */
export async function withEnv<T>(config: Config, log: Logger, envName: string, fn: (core: Awaited<ReturnType<typeof openCore>>, env: { id: string; name: string }) => Promise<T>): Promise<T> {
  const core = await openCore(config, log);
  try {
    await ensureDefaultEnvironments(core.storage.db);
    return await fn(core, await findEnvironmentByName(core.storage.db, envName));
  } finally {
    await core.close();
  }
}

/** `latchkey admin login-link [--env E]`: a one-time link that signs a browser in as administrator. */
export async function adminLoginLinkCommand(config: Config, log: Logger, envName: string): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    const { link, expiresAt } = await createAdminLoginLink(core.storage.db, env.id, config.publicUrl);
    process.stdout.write(
      `Open this link in the browser that will authorize accounts in ${env.name} (works once, until ${expiresAt.toISOString()}):\n${link}\n`,
    );
  });
}

/** `latchkey verification set --env E --mode custom|dashboard_users`. */
export async function setVerificationCommand(config: Config, log: Logger, envName: string, mode: string): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    const m = await setVerificationMode(core.storage.db, env.id, mode);
    process.stdout.write(`user verification for ${env.name}: ${DESCRIPTION[m]}\n`);
  });
}

/** `latchkey verification show --env E`. */
export async function showVerificationCommand(config: Config, log: Logger, envName: string): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    const m = await verificationModeOf(core.storage.db, env.id);
    process.stdout.write(
      m
        ? `user verification for ${env.name}: ${DESCRIPTION[m]}\n`
        : `user verification for ${env.name}: not configured (OAuth authorization links are refused); set it with: npx latchkey verification set --env ${env.name} --mode custom\n`,
    );
  });
}
