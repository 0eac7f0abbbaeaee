import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { createToolkit } from '../../packages/latchkey-ai/src/index.js';
import { accountStatus, CONNECTION, EXPIRED_MESSAGE, gmailDefinitions, linkIn, SEED_INPUT, startAdapterEnv, subjectsIn, USER, type AdapterEnv } from './adapter-env.js';

/**
 * The toolkit every adapter shares, with the official SDK against Latchkey: what it lists, and
 * what each kind of execution comes to — data, a fresh authorization link, a short error.
 */
for (const dialect of DIALECTS) {
  describe(`@latchkey/ai toolkit (${dialect.name})`, () => {
    let a: AdapterEnv;
    beforeAll(async () => { a = await startAdapterEnv(dialect); });
    afterAll(async () => { await a?.close(); });
    beforeEach(() => { a.gmail.requests.length = 0; });

    it("lists the user's scoped Gmail tools with their definitions untouched", async () => {
      const toolkit = await createToolkit(a.env.sdk, { identifier: USER, filter: { connectionNames: [CONNECTION] } });
      expect(toolkit.tools.map((t) => [t.name, t.description, t.inputSchema])).toEqual(gmailDefinitions.map((d) => [d.name, d.description, d.input_schema]));
      expect(new Set(toolkit.tools.map((t) => t.connectedAccountId)).size).toBe(1);
      expect(toolkit.tools[0].connectedAccountId).toMatch(/^ca_/);
      // Another user has no tools at all: nothing is listed for an identifier without an ACTIVE account.
      expect((await createToolkit(a.env.sdk, { identifier: 'user_nobody', filter: { connectionNames: [CONNECTION] } })).tools).toEqual([]);
    });

    it('runs a tool through actions.executeTool and returns its data and execution id', async () => {
      const toolkit = await createToolkit(a.env.sdk, { identifier: USER, filter: { connectionNames: [CONNECTION] } });
      const outcome = await toolkit.run('gmail_fetch_mails', SEED_INPUT);
      expect(outcome.status).toBe('ok');
      if (outcome.status !== 'ok') return;
      expect(outcome.executionId).toMatch(/^exe_/);
      expect(subjectsIn(JSON.stringify(outcome.data))).toEqual(['Q3 planning notes', 'Café invoice']);
      expect(a.gmail.requests).toHaveLength(3);
    });

    it('answers an account that expired since listing with a fresh authorization link for it', async () => {
      const user = await a.lapsingUser();
      const toolkit = await createToolkit(a.env.sdk, { identifier: user.identifier, filter: { connectionNames: [CONNECTION] } });
      expect(toolkit.tools.map((t) => t.name)).toContain('gmail_fetch_mails');
      const outcome = await toolkit.run('gmail_fetch_mails', SEED_INPUT);
      expect(outcome).toMatchObject({ status: 'not_connected', message: expect.stringMatching(EXPIRED_MESSAGE) });
      const link = linkIn(a, outcome.status === 'not_connected' ? outcome.message : '');
      expect(outcome).toMatchObject({ authorizationLink: link });
      expect(a.gmail.requests).toEqual([]);
      expect(await accountStatus(a, user.accountId)).toBe('EXPIRED');
      // The link is issued for that account, and each call gets its own.
      const row = await a.env.db.selectFrom('authorization_links').select(['account_id']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      expect(row.account_id).toBe(user.accountId);
      const again = await toolkit.run('gmail_fetch_mails', SEED_INPUT);
      expect(again.status === 'not_connected' && again.authorizationLink).not.toBe(link);
    });

    it('answers an account deleted since listing with a link that creates it again on the connection', async () => {
      const user = await a.lapsingUser();
      const toolkit = await createToolkit(a.env.sdk, { identifier: user.identifier, filter: { connectionNames: [CONNECTION] } });
      await a.env.sdk.actions.deleteConnectedAccount({ connectedAccountId: user.accountId });
      const outcome = await toolkit.run('gmail_fetch_mails', SEED_INPUT);
      expect(outcome.status).toBe('not_connected');
      if (outcome.status !== 'not_connected') return;
      expect(outcome.message).toMatch(/^The user's account for gmail_fetch_mails has not been connected yet\. Ask the user to open this link/);
      linkIn(a, outcome.message);
      const recreated = await a.env.sdk.actions.getConnectedAccount({ connectionName: CONNECTION, identifier: user.identifier });
      expect(recreated.connectedAccount?.id).not.toBe(user.accountId);
    });

    it('turns a provider failure (TOOL_ERROR) into a short error the model can read', async () => {
      const toolkit = await createToolkit(a.env.sdk, { identifier: USER, filter: { connectionNames: [CONNECTION] } });
      const outcome = await toolkit.run('gmail_get_message', { message_id: '0123456789abcdef' });
      expect(outcome).toMatchObject({ status: 'error', message: expect.stringMatching(/^gmail_get_message failed: .+/) });
      expect(a.gmail.requests.map((r) => r.path)).toEqual(['/gmail/v1/users/me/messages/0123456789abcdef']);
    });

    it('turns input the server refuses, an unknown tool and a non-object input into errors naming the problem', async () => {
      const toolkit = await createToolkit(a.env.sdk, { identifier: USER, filter: { connectionNames: [CONNECTION] } });
      const refused = await toolkit.run('gmail_get_message', { message_id: 42 });
      expect(refused).toMatchObject({ status: 'error', message: expect.stringMatching(/^gmail_get_message was refused: .*message_id/) });
      expect(await toolkit.run('gmail_delete_everything', {})).toMatchObject({ status: 'error', code: 'UNKNOWN_TOOL', message: expect.stringContaining('gmail_fetch_mails') });
      expect(await toolkit.run('gmail_fetch_mails', 'is:unread')).toMatchObject({ status: 'error', code: 'INVALID_INPUT' });
      expect(a.gmail.requests).toEqual([]);
    });

    it("throws what only the developer can fix: the app's own credentials refused", async () => {
      const toolkit = await createToolkit(a.env.sdk, { identifier: USER, filter: { connectionNames: [CONNECTION] } });
      const wrongSecret = new ScalekitClient(a.env.server.url, a.env.client.clientId, 'not-the-secret');
      await expect(createToolkit(wrongSecret, { identifier: USER })).rejects.toThrow();
      expect(toolkit.tools.length).toBeGreaterThan(0);
    });
  });
}
