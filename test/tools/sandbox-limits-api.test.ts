import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { environmentAccess, restCall, startAgentAuthEnv, type AgentAuthEnv, type EnvironmentAccess } from '../helpers/agent-auth-env.js';
import { DEFAULT_SANDBOX_LIMITS, sandboxLimitsFor } from '../../src/modules/tools/sandbox/index.js';

const PATH = '/api/v1/agent-auth/code-tool-limits';

for (const dialect of DIALECTS) {
  describe(`code tool limits per environment over REST (${dialect.name})`, () => {
    let dev: AgentAuthEnv;
    let prod: EnvironmentAccess;
    beforeAll(async () => {
      dev = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      prod = await environmentAccess(dev.server, 'production');
    });
    afterAll(async () => {
      await dev?.server.close();
    });
    const call = (method: string, body?: unknown, token: string | null = dev.token) => restCall(`${dev.server.url}${PATH}`, { token, method, body });

    it('answers the defaults until set, then the overrides on top, for its own environment only', async () => {
      expect((await call('GET')).json).toEqual({ limits: DEFAULT_SANDBOX_LIMITS, overrides: {} });
      const put = await call('PUT', { limits: { cpuMs: 500, hostCalls: 10 } });
      expect(put.status).toBe(200);
      expect(put.json).toEqual({ limits: { ...DEFAULT_SANDBOX_LIMITS, cpuMs: 500, hostCalls: 10 }, overrides: { cpuMs: 500, hostCalls: 10 } });
      expect(await sandboxLimitsFor(dev.db, dev.envId)).toEqual(put.json.limits);
      expect((await call('GET', undefined, prod.token)).json.overrides).toEqual({});
      expect((await call('PUT', { limits: {} })).json).toEqual({ limits: DEFAULT_SANDBOX_LIMITS, overrides: {} });
    });

    it('refuses bad limits naming the field, and anonymous callers', async () => {
      const over = await call('PUT', { limits: { memoryBytes: 1e12 } });
      expect(over.status).toBe(400);
      expect(over.json.message).toBe('code_tool_limits.memoryBytes must be an integer from 1048576 to 268435456');
      expect((await call('PUT', { limits: { cpu: 1 } })).json.message).toMatch(/^code_tool_limits\.cpu is not a sandbox limit/);
      expect((await call('PUT', { cpuMs: 1 })).json.message).toBe('cpuMs is not a recognised field (send only "limits")');
      expect((await call('PUT', {})).json.message).toMatch(/^limits is required/);
      expect((await call('GET', undefined, null)).status).toBe(401);
    });
  });
}
