import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@connectrpc/connect';
import { ScalekitServerException, ScalekitToolException } from '@scalekit-sdk/node';
import { ToolService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { DIALECTS } from '../helpers/test-server.js';
import { grpcClient, restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { eventually, rejectionOf, secret } from '../helpers/test-utils.js';
import { startSlackFake, type SlackFake } from '../fakes/providers/slack.js';

/**
 * Code tools that misbehave, through the server: each is stopped with a clear tool error through
 * the official SDK while a built-in tool's ExecuteTool, started at the same moment, succeeds; the
 * execution records say what happened. Then the seed's "Version management" through REST and gRPC.
 */
const SEED_PATH = '/v1/connect/tools/custom';
const USER = 'runaway_user';


const codeTool = (name: string, implementation: string, over: Record<string, unknown> = {}) => ({
  name,
  description: `Misbehaves: ${name}.`,
  provider: 'custom',
  input_schema: { type: 'object', properties: {} },
  implementation,
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`runaway code tools are stopped; the server carries on (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let slack: SlackFake;
    const token = secret('runaway-slack-token');
    const execute = (toolName: string, toolInput: Record<string, unknown> = {}) => env.sdk.actions.executeTool({ toolName, identifier: USER, toolInput });
    const register = async (body: unknown) => {
      const res = await restCall(env.server.url + SEED_PATH, { method: 'POST', token: env.client.clientSecret, body });
      expect(res.status, res.text).toBe(201);
    };
    const record = (id: string) => eventually(async () => (await env.db.selectFrom('tool_executions').selectAll().where('id', '=', id).executeTakeFirst()) ?? undefined);

    /** The runaway tool and slack_list_channels at once: the built-in answers, the runaway is refused. */
    async function alongsideBuiltin(toolName: string): Promise<ScalekitToolException> {
      const mark = slack.requests.length;
      const [bad, good] = await Promise.allSettled([execute(toolName), execute('slack_list_channels', { limit: 2 })]);
      expect(good.status, String((good as PromiseRejectedResult).reason)).toBe('fulfilled');
      const listed = (good as PromiseFulfilledResult<{ data: unknown; executionId: string }>).value;
      expect((listed.data as { channels: Array<{ name: string }> }).channels.map((c) => c.name)).toEqual(['general', 'random']);
      expect(slack.requests.slice(mark).map((r) => r.path)).toEqual(['/api/conversations.list']);
      expect(await record(listed.executionId)).toMatchObject({ tool_name: 'slack_list_channels', outcome: 'success' });
      expect(bad.status).toBe('rejected');
      const err = (bad as PromiseRejectedResult).reason as ScalekitToolException;
      // The SDK's class follows the status (ScalekitToolRateLimitException for RESOURCE_EXHAUSTED); each is a tool error.
      expect(err).toBeInstanceOf(ScalekitServerException);
      expect(err.isToolError).toBe(true);
      expect(err.errorCode).toBe('TOOL_ERROR');
      expect(await record(err.executionId)).toMatchObject({ tool_name: toolName, outcome: 'error', error_code: err.toolErrorCode });
      return err;
    }

    beforeAll(async () => {
      slack = await startSlackFake();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      await connectionWithAccount(env, { providerKey: 'slack', connectionName: 'slack', authType: 'OAUTH', identifier: USER, credentials: oauthCredentials({ access_token: token }), proxyUrl: slack.url });
      await register(codeTool('spin_forever', 'async () => { for (;;) {} }'));
      // Doubling a string (read each time, so it is really built) passes 32 MiB within a few dozen steps, long before the CPU limit.
      await register(codeTool('hog_memory', "async () => { let s = 'x'; for (;;) { s += s; s.indexOf('y'); } }"));
      await register(codeTool('recurse_forever', "async (parameters, context) => context.tools.execute({ tool: 'recurse_forever', parameters: {} })"));
      const escapes: Record<string, string> = {
        escape_require: "require('child_process').execSync('id').toString()",
        escape_process: 'process.env',
        escape_fetch: `(await fetch(${JSON.stringify(`${slack.url}/conversations.list`)})).status`,
        escape_globalthis: "({}).constructor.constructor('return globalThis')().process.mainModule.require('fs')",
      };
      for (const [name, expr] of Object.entries(escapes)) await register(codeTool(name, `async () => { const got = ${expr}; return { got: String(got) }; }`));
    });
    afterAll(async () => {
      await env?.server.close();
      await slack?.close();
    });

    it('a tool that loops forever is stopped after its CPU time', async () => {
      const err = await alongsideBuiltin('spin_forever');
      expect([err.grpcStatus, err.toolErrorCode]).toEqual([Code.ResourceExhausted, 'CODE_TOOL_CPU_LIMIT']);
      expect(err.toolErrorMessage).toBe('the code tool was stopped after 250 ms of CPU time (code_tool_limits.cpuMs); look for a loop that never ends');
    });

    it('a tool that allocates without bound is stopped at its memory limit', async () => {
      const err = await alongsideBuiltin('hog_memory');
      expect([err.grpcStatus, err.toolErrorCode]).toEqual([Code.ResourceExhausted, 'CODE_TOOL_MEMORY_LIMIT']);
      expect(err.toolErrorMessage).toBe('the code tool ran out of its 32 MiB of memory (code_tool_limits.memoryBytes)');
    });

    it('a tool that calls itself through context.tools.execute is stopped at the nesting depth, every level recorded', async () => {
      const err = await alongsideBuiltin('recurse_forever');
      expect([err.grpcStatus, err.toolErrorCode]).toEqual([Code.FailedPrecondition, 'CODE_TOOL_NESTING_LIMIT']);
      expect(err.toolErrorMessage).toContain("code tool 'recurse_forever' would be the 4th code tool on one call stack; at most 3 may nest (code_tool_limits.nestingDepth)");
      const levels = await eventually(async () => {
        const rows = await env.db.selectFrom('tool_executions').select(['tool_name', 'outcome', 'error_code']).where('tool_name', '=', 'recurse_forever').where('id', '>=', err.executionId).execute();
        return rows.length >= 3 ? rows : undefined;
      });
      expect(levels.every((r) => r.outcome === 'error' && r.error_code === 'CODE_TOOL_NESTING_LIMIT')).toBe(true);
    });

    for (const [name, says] of [
      ['escape_require', "the code tool threw ReferenceError: 'require' is not defined"],
      ['escape_process', "the code tool threw ReferenceError: 'process' is not defined"],
      ['escape_fetch', "the code tool threw ReferenceError: 'fetch' is not defined"],
      ['escape_globalthis', "the code tool threw TypeError: cannot read property 'mainModule' of undefined"],
    ] as const) {
      it(`${name}: the host's ${name.slice(7)} is not there, a clear error says so`, async () => {
        const mark = slack.requests.length;
        const err = await alongsideBuiltin(name);
        expect([err.grpcStatus, err.toolErrorCode, err.toolErrorMessage]).toEqual([Code.Internal, 'CODE_TOOL_ERROR', says]);
        // Only the built-in's call reached the fake: the tool's fetch went nowhere.
        expect(slack.requests.length - mark).toBe(1);
      });
    }

    it("the seed's version management: register v2, deprecate v1 (REST), SetToolDefault back to v1 (gRPC) decides what ExecuteTool runs", async () => {
      const originalTool = codeTool('versioned_greeting', 'async () => ({ version: 1 })', { version: '1.0.0' });
      await register(originalTool);
      const toolV2 = { ...originalTool, version: '2.0.0', implementation: 'async () => ({ version: 2 })' };
      await register(toolV2);
      const v2 = await execute('versioned_greeting');
      expect(v2.data).toEqual({ version: 2 });
      expect(await record(v2.executionId)).toMatchObject({ tool_version: '2.0.0', warning: null });

      const dep = await restCall(`${env.server.url}${SEED_PATH}/versioned_greeting/versions/1.0.0/deprecate`, { method: 'POST', token: env.client.clientSecret });
      expect(dep.status, dep.text).toBe(200);
      const grpc = grpcClient(ToolService, env.server.url, () => env.token);
      const chosen = (await grpc.setToolDefault({ name: 'versioned_greeting', toolVersion: '1.0.0' })).tool!;
      expect(chosen).toMatchObject({ isDefault: true, metadata: { tool_version: '1.0.0', deprecated: true } });

      const v1 = await execute('versioned_greeting');
      expect(v1.data).toEqual({ version: 1 });
      expect(await record(v1.executionId)).toMatchObject({ tool_version: '1.0.0', outcome: 'success', warning: "version 1.0.0 of tool 'versioned_greeting' is deprecated; run the default version instead" });
      expect((await execute('versioned_greeting@2.0.0')).data).toEqual({ version: 2 });
      const listed = await env.sdk.tools.listTools({ filter: { toolName: ['versioned_greeting'] } });
      expect(listed.tools.map((t) => [t.metadata?.tool_version, t.isDefault, t.metadata?.deprecated])).toEqual([['1.0.0', true, true], ['2.0.0', false, false]]);
      const gone = await rejectionOf(execute('versioned_greeting@3.0.0'), ScalekitServerException as never) as unknown as ScalekitServerException;
      expect(gone.message).toContain("tool 'versioned_greeting' has no version 3.0.0 (it has 1.0.0, 2.0.0)");
    });
  });
}
