import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@connectrpc/connect';
import { ScalekitClient, ScalekitServerException, ScalekitToolException } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, insertAccount } from '../helpers/agent-auth-fixtures.js';
import { eventually, rejectionOf, secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream, type UpstreamHandler } from '../fakes/echo-upstream.js';
import { createToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { TEST_TOOLS } from './execute-fixtures.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): UpstreamHandler => (_r, res) => {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
};

for (const dialect of DIALECTS) {
  describe(`ExecuteTool through the official SDK (${dialect.name})`, () => {
    let up: EchoUpstream;
    let env: AgentAuthEnv;
    let mainAccountId: string;
    const token = secret('tool-bearer');
    /** Markers that must reach the fake and the caller, but never a log line. */
    const inputMarker = `in-marker-${Date.now()}`;
    const outputMarker = `out-marker-${Date.now()}`;
    /** Responses the fake left hanging (deadline tests), with whether their socket closed. */
    const hung: http.ServerResponse[] = [];
    const hang: UpstreamHandler = (_r, res) =>
      new Promise<void>((resolve) => {
        hung.push(res);
        res.once('close', () => resolve());
      });

    const staticCreds = () => ({ kind: 'static' as const, fields: { domain: up.hostPort, token } });

    beforeAll(async () => {
      up = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'], server: { tools: createToolRegistry(TEST_TOOLS) } });
      await customProvider(env.db, env.envId, 'fake_api', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      const main = await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'fake-main', authType: 'BEARER', identifier: 'user_123', credentials: staticCreds() });
      mainAccountId = main.account.id;
      const second = await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'fake-second', authType: 'BEARER', identifier: 'shared_user', credentials: staticCreds() });
      await insertAccount(env.db, env.vault, { envId: env.envId, connectionId: main.connection.id, authType: 'BEARER', identifier: 'shared_user', credentials: staticCreds() });
      await insertAccount(env.db, env.vault, { envId: env.envId, connectionId: main.connection.id, authType: 'BEARER', identifier: 'expired_user', credentials: staticCreds(), status: 'EXPIRED' });
      await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'fake-slow', authType: 'BEARER', identifier: 'slow_user', credentials: staticCreds(), timeoutMs: 1000 });
      expect(second.connection.id).toBeTruthy();
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it("runs a tool as the seed's snippet does: data shaped by the tool, a non-empty execution_id, the credential injected", async () => {
      up.respond(json(200, { items: [{ id: 'it_1', title: outputMarker, raw: { huge: 'x'.repeat(100) } }], cursor: 'c2' }));
      up.requests.length = 0;
      const result = await env.sdk.actions.executeTool({ toolName: 'fake_list_items', identifier: 'user_123', toolInput: { query: inputMarker, max_results: 5 } });
      expect(result.data).toEqual({ items: [{ id: 'it_1', title: outputMarker }], next_cursor: 'c2' });
      expect(result.executionId).toMatch(/^exe_[0-9a-z]{20,}$/);
      expect(up.requests).toHaveLength(1);
      const r = up.last();
      expect(r.method).toBe('GET');
      expect(r.path).toBe('/base/v1/items');
      expect(Object.fromEntries(r.query)).toEqual({ q: inputMarker, limit: '5' });
      expect(r.headers.authorization).toBe(`Bearer ${token}`);
      expect(r.headers.accept).toBe('application/json');
    });

    it('addresses the account by connector + identifier or by connected_account_id (tools.executeTool); a list output is wrapped as data.result', async () => {
      up.respond(json(201, { ids: ['it_7', 'it_8'] }));
      up.requests.length = 0;
      const byConnector = await env.sdk.tools.executeTool({ toolName: 'fake_create_items', connector: 'fake-second', identifier: 'shared_user', params: { titles: ['a', 'b'] } });
      expect(byConnector.data).toEqual({ result: ['it_7', 'it_8'] });
      expect(up.last().method).toBe('POST');
      expect(up.last().headers['content-type']).toBe('application/json');
      expect(JSON.parse(up.last().body.toString())).toEqual({ titles: ['a', 'b'] });
      const byId = await env.sdk.tools.executeTool({ toolName: 'fake_create_items', connectedAccountId: mainAccountId, params: { titles: ['c'] } });
      expect(byId.data).toEqual({ result: ['it_7', 'it_8'] });
      expect(byId.executionId).not.toBe(byConnector.executionId);
      expect(up.requests).toHaveLength(2);
    });

    const providerErrors = [
      { status: 401, grpc: Code.Unauthenticated, name: 'ScalekitToolUnauthorizedException', says: "refused the account's credentials" },
      { status: 403, grpc: Code.PermissionDenied, name: 'ScalekitToolForbiddenException', says: 'denied this action' },
      { status: 429, grpc: Code.ResourceExhausted, name: 'ScalekitToolRateLimitException', says: 'retry after 17 s' },
      { status: 500, grpc: Code.Internal, name: 'ScalekitToolException', says: 'retry later' },
    ];
    for (const c of providerErrors) {
      it(`a provider ${c.status} is a TOOL_ERROR with gRPC ${Code[c.grpc]}, sent upstream exactly once (the SDK does not retry it)`, async () => {
        const leak = `provider-payload-${c.status}-detail`;
        up.respond(json(c.status, { error: { status: `STATUS_${c.status}`, message: leak } }, c.status === 429 ? { 'retry-after': '17' } : {}));
        up.requests.length = 0;
        const err = await rejectionOf(env.sdk.actions.executeTool({ toolName: 'fake_list_items', identifier: 'user_123', toolInput: { query: 'q' } }), ScalekitServerException as never);
        const e = err as unknown as ScalekitToolException & ScalekitServerException;
        expect(e.constructor.name).toBe(c.name);
        expect(e.isToolError).toBe(true);
        expect(e.grpcStatus).toBe(c.grpc);
        expect(e.errorCode).toBe('TOOL_ERROR');
        expect(e.toolErrorCode).toBe(`STATUS_${c.status}`);
        expect(e.executionId).toMatch(/^exe_/);
        expect(e.toolErrorMessage).toContain(`HTTP ${c.status}`);
        expect(e.toolErrorMessage).toContain(c.says);
        expect(e.message).not.toContain(leak);
        expect(e.toolErrorMessage).not.toContain(leak);
        expect(up.requests).toHaveLength(1);
      });
    }

    it("the connection's timeout_ms bounds the execution: DeadlineExceeded as a tool error, the upstream call cancelled", async () => {
      up.respond(hang);
      up.requests.length = 0;
      hung.length = 0;
      const err = await rejectionOf(env.sdk.actions.executeTool({ toolName: 'fake_list_items', identifier: 'slow_user', toolInput: { query: 'q' } }), ScalekitToolException as never);
      const e = err as unknown as ScalekitToolException & ScalekitServerException;
      expect(e.grpcStatus).toBe(Code.DeadlineExceeded);
      expect(e.toolErrorCode).toBe('DEADLINE_EXCEEDED');
      expect(e.toolErrorMessage).toContain("the connection's timeout_ms");
      expect(up.requests).toHaveLength(1);
      await eventually(async () => (hung[0]?.destroyed || hung[0]?.writableEnded ? true : undefined));
    });

    it("the caller's deadline (grpc-timeout) bounds it too, whichever is shorter", async () => {
      up.respond(hang);
      up.requests.length = 0;
      hung.length = 0;
      const hurried = new ScalekitClient(env.server.url, env.client.clientId, env.client.clientSecret, { toolTimeoutMs: 1500 });
      const err = await rejectionOf(hurried.actions.executeTool({ toolName: 'fake_list_items', identifier: 'user_123', toolInput: { query: 'q' } }), ScalekitServerException as never);
      expect((err as unknown as ScalekitServerException).grpcStatus).toBe(Code.DeadlineExceeded);
      expect(up.requests).toHaveLength(1);
      await eventually(async () => (hung[0]?.destroyed || hung[0]?.writableEnded ? true : undefined));
    });

    it('invalid params are refused before any upstream call, each violation naming the field and what was expected', async () => {
      up.respond(undefined);
      up.requests.length = 0;
      const err = (await rejectionOf(
        env.sdk.actions.executeTool({ toolName: 'fake_list_items', identifier: 'user_123', toolInput: { max_results: 500, colour: 'crimson-value' } }),
        ScalekitServerException as never,
      )) as unknown as ScalekitServerException;
      expect(err.grpcStatus).toBe(Code.InvalidArgument);
      expect(err.message).toContain('params.query is required');
      expect(err.message).toContain('params.max_results must be <= 50');
      expect(err.message).toContain('params.colour is not a recognised field');
      expect(err.message).not.toContain('crimson-value');
      const fields = err.unpackedDetails[0]?.validationErrorInfo?.fieldViolations.map((v) => v.field).sort();
      expect(fields).toEqual(['params.colour', 'params.max_results', 'params.query']);
      expect(up.requests).toHaveLength(0);
    });

    it('an inactive account, an unknown tool, an ambiguous or unknown identifier: each a clear error, nothing sent upstream', async () => {
      up.requests.length = 0;
      const call = (toolName: string, identifier: string, connector?: string) =>
        rejectionOf(env.sdk.actions.executeTool({ toolName, identifier, connector, toolInput: { query: 'q' } }), ScalekitServerException as never) as unknown as Promise<ScalekitServerException>;

      const inactive = await call('fake_list_items', 'expired_user');
      expect(inactive.grpcStatus).toBe(Code.FailedPrecondition);
      expect(inactive.errorCode).toBe('CONNECTED_ACCOUNT_EXPIRED');
      expect(inactive.message).toContain("'expired_user' is EXPIRED, not ACTIVE");
      expect(inactive.message).toContain('authorization link');

      const unknown = await call('nope_tool', 'user_123');
      expect(unknown.grpcStatus).toBe(Code.NotFound);
      expect(unknown.errorCode).toBe('TOOL_NOT_FOUND');
      expect(unknown.message).toContain("tool 'nope_tool' does not exist");

      const ambiguous = await call('fake_list_items', 'shared_user');
      expect(ambiguous.grpcStatus).toBe(Code.InvalidArgument);
      expect(ambiguous.errorCode).toBe('CONNECTED_ACCOUNT_AMBIGUOUS');
      expect(ambiguous.message).toContain('(fake-main, fake-second)');
      expect(ambiguous.message).toContain('pass connector');

      const nobody = await call('fake_list_items', 'nobody');
      expect(nobody.grpcStatus).toBe(Code.NotFound);
      expect(nobody.message).toContain('getOrCreateConnectedAccount');

      const wrongConnection = await call('fake_list_items', 'nobody', 'no-such-connection');
      expect(wrongConnection.grpcStatus).toBe(Code.NotFound);
      expect(wrongConnection.message).toContain('no-such-connection');
      expect(up.requests).toHaveLength(0);
    });

    it('every execution is recorded, readable page by page over REST, without inputs or outputs', async () => {
      const url = `${env.server.url}/api/v1/agent-auth/tool-executions`;
      const ok = await eventually(async () => {
        const r = await restCall(`${url}?tool_name=fake_list_items&outcome=success`, { token: env.token });
        return r.json.executions?.length >= 1 ? r : undefined;
      });
      expect(ok.status).toBe(200);
      const row = ok.json.executions[0];
      expect(row).toMatchObject({ tool_name: 'fake_list_items', tool_version: '1.0.0', connection_name: 'fake-main', identifier: 'user_123', connected_account_id: mainAccountId, outcome: 'success', error_code: null });
      expect(row.execution_id).toMatch(/^exe_/);
      expect(typeof row.duration_ms).toBe('number');
      expect(ok.text).not.toContain(inputMarker);
      expect(ok.text).not.toContain(outputMarker);

      const errors = await eventually(async () => {
        const r = await restCall(`${url}?outcome=error&page_size=100`, { token: env.token });
        return r.json.executions?.some((e: { error_code: string }) => e.error_code === 'TOOL_NOT_FOUND') ? r : undefined;
      });
      const codes = errors.json.executions.map((e: { error_code: string }) => e.error_code);
      for (const code of ['STATUS_403', 'STATUS_429', 'DEADLINE_EXCEEDED', 'INVALID_ARGUMENT', 'CONNECTED_ACCOUNT_EXPIRED', 'CONNECTED_ACCOUNT_AMBIGUOUS']) expect(codes).toContain(code);

      const first = await restCall(`${url}?page_size=2`, { token: env.token });
      expect(first.json.executions).toHaveLength(2);
      expect(first.json.next_page_token).not.toBe('');
      const second = await restCall(`${url}?page_size=2&page_token=${first.json.next_page_token}`, { token: env.token });
      expect(second.json.executions).toHaveLength(2);
      expect(second.json.executions[0].execution_id < first.json.executions[1].execution_id).toBe(true);

      const bad = await restCall(`${url}?outcome=maybe`, { token: env.token });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain('outcome must be one of success, error');
      expect((await restCall(url, { token: null })).status).toBe(401);
    });

    it('logs name the tool, execution id, outcome and duration, never a credential, an input or an output value', () => {
      const logs = env.server.logs.join('\n');
      expect(logs).toContain('"msg":"tool executed"');
      expect(logs).toMatch(/"tool":"fake_list_items","executionId":"exe_[0-9a-z]+","outcome":"success"/);
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(inputMarker);
      expect(logs).not.toContain(outputMarker);
      expect(logs).not.toContain('provider-payload-');
    });
  });
}
