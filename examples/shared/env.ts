import { ScalekitClient } from '@scalekit-sdk/node';

/** The seed's request, the same for every framework. */
export const SEED_PROMPT = 'Summarize my last 5 unread emails';

/** Tells the model what to do with a not-connected result: hand the user the link. */
export const SYSTEM_PROMPT = 'You help the user with their email. If a tool says their account is not connected, give them the authorization link it returns.';

export function requireEnv(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`${name} is not set; see examples/README.md`);
  return value;
}

/** The official SDK client, aimed at Latchkey or Scalekit by SCALEKIT_ENVIRONMENT_URL alone. */
export const scalekitFromEnv = (): ScalekitClient =>
  new ScalekitClient(requireEnv('SCALEKIT_ENVIRONMENT_URL'), requireEnv('SCALEKIT_CLIENT_ID'), requireEnv('SCALEKIT_CLIENT_SECRET'));

/** Whose mailbox, and on which connection: connection names differ across environments, so they come from the environment. */
export const userFromEnv = () => ({
  identifier: process.env.AGENT_USER_IDENTIFIER?.trim() || 'user_123',
  connectionName: process.env.GMAIL_CONNECTION_NAME?.trim() || 'gmail',
});
