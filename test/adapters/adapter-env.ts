import { expect } from 'vitest';
import type { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { startGmailFake, type GmailFake } from '../fakes/providers/gmail.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';

/**
 * What every adapter test runs against: Latchkey with a Gmail connection aimed at the loopback
 * Gmail fake, `user_123` connected to it, and a way to make a user whose account is ACTIVE when
 * the tools are listed but turns EXPIRED when one runs (its token has lapsed and there is no
 * refresh token), the "not connected → authorization link" case.
 */
type Dialect = (typeof DIALECTS)[number];

export const SEED_INPUT = { query: 'is:unread', max_results: 5 };
export const UNREAD_SUBJECTS = ['Q3 planning notes', 'Café invoice'];
export const CONNECTION = 'gmail';
export const USER = 'user_123';

/** The Gmail tools exactly as Latchkey defines them (plain JSON), in listing order. */
export const gmailDefinitions: Array<{ name: string; description: string; input_schema: Record<string, unknown> }> = builtinToolRegistry()
  .byProvider('gmail')
  .map((t) => JSON.parse(JSON.stringify(t.spec.definition)))
  .sort((a, b) => (a.name < b.name ? -1 : 1));

export interface AdapterEnv {
  env: AgentAuthEnv;
  gmail: GmailFake;
  accessToken: string;
  /** A new identifier whose Gmail account is listed ACTIVE but expires on first use. */
  lapsingUser(): Promise<{ identifier: string; accountId: string }>;
  close(): Promise<void>;
}

let lapsing = 0;

export async function startAdapterEnv(dialect: Dialect): Promise<AdapterEnv> {
  const gmail = await startGmailFake();
  const env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
  const accessToken = secret('ya29.gmail');
  const { connection } = await connectionWithAccount(env, {
    providerKey: 'gmail', connectionName: CONNECTION, authType: 'OAUTH', identifier: USER,
    credentials: oauthCredentials({ access_token: accessToken }), proxyUrl: gmail.url,
    // An OAuth client, so authorization links can be issued for the connection.
    clientId: 'gmail-client.apps.googleusercontent.com', clientSecret: secret('GOCSPX'),
  });
  return {
    env, gmail, accessToken,
    async lapsingUser() {
      const identifier = `user_lapsed_${++lapsing}`;
      const row = await insertAccount(env.db, env.vault, {
        envId: env.envId, connectionId: connection.id, identifier,
        credentials: oauthCredentials({ access_token: secret('ya29.lapsed') }), expiresAt: new Date(Date.now() - 60_000),
      });
      return { identifier, accountId: row.id };
    },
    async close() {
      await env?.server.close();
      await gmail?.close();
    },
  };
}

/** The Gmail calls one gmail_fetch_mails with the seed's input makes, with user_123's token. */
export function expectSeedSearchReachedGmail(a: AdapterEnv) {
  expect(a.gmail.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /gmail/v1/users/me/messages', 'GET /gmail/v1/users/me/messages/18f2a1c3d4e5f601', 'GET /gmail/v1/users/me/messages/18f2a0b1c2d3e402',
  ]);
  expect(a.gmail.requests[0].query).toEqual({ q: 'is:unread', maxResults: '5' });
  for (const r of a.gmail.requests) expect(r.headers.authorization).toBe(`Bearer ${a.accessToken}`);
}

/** The shaped emails' subjects in a tool result's text: gmail_fetch_mails' data as JSON. */
export const subjectsIn = (resultText: string): string[] => JSON.parse(resultText).messages.map((m: { subject: string }) => m.subject);

/** A fresh authorization link of this Latchkey, found in a not-connected message. */
export function linkIn(a: AdapterEnv, text: string): string {
  const link = text.match(/https?:\/\/\S+\/connect\/l\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, `no authorization link in: ${text}`).toBeDefined();
  expect(link!.startsWith(`${a.env.server.url}/connect/l/`)).toBe(true);
  return link!;
}

/** The account's status now, as Latchkey stores it. */
export const accountStatus = async (a: AdapterEnv, accountId: string) =>
  (await a.env.db.selectFrom('connected_accounts').select('status').where('id', '=', accountId).executeTakeFirstOrThrow()).status;

/** The not-connected text every adapter hands the model, for an account found EXPIRED at run time. */
export const EXPIRED_MESSAGE = /^The user's account for gmail_fetch_mails is EXPIRED, not ACTIVE\. Ask the user to open this link to connect it, then try again: \S+$/;
