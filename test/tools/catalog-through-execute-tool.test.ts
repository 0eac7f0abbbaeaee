import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TOOLS } from '../../src/modules/tools/catalog/index.js';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { CONNECTOR_FAKES, type ConnectorFake } from '../fakes/providers/connector-fakes.js';
import { TOOL_SAMPLES } from './samples/index.js';

/**
 * Every built-in tool, end to end: one Latchkey server per dialect, one connection per connector
 * aimed at that provider's loopback fake through its proxy_url override, one ACTIVE account each,
 * and each catalog tool executed once through the official SDK with its connector test's input.
 * The list comes from the catalog, so a tool without a sample fails here.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

const IDENTIFIER = 'catalog_sweep_user';
/** Templated proxy_urls (an org's instance host, a Zendesk subdomain) still get their account fields. */
const ACCOUNT_FIELDS: Record<string, Record<string, string>> = {
  salesforce: { instance_host: 'acme.my.salesforce.com' },
  zendesk: { subdomain: 'acme' },
};
const providers = [...new Set(BUILTIN_TOOLS.map((t) => t.definition.provider))];

describe('the ExecuteTool sweep covers the catalog', () => {
  it('has a sample for every catalog tool, and none for a tool the catalog lacks', () => {
    const names = BUILTIN_TOOLS.map((t) => t.definition.name);
    expect(names.filter((n) => !TOOL_SAMPLES[n])).toEqual([]);
    expect(Object.keys(TOOL_SAMPLES).filter((n) => !names.includes(n))).toEqual([]);
    expect(providers.filter((p) => !CONNECTOR_FAKES[p])).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`every built-in tool through ExecuteTool and the official SDK (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    const fakes = new Map<string, ConnectorFake>();
    const token = secret('sweep-access-token');

    beforeAll(async () => {
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      for (const provider of providers) {
        const fake = await CONNECTOR_FAKES[provider]({ token });
        fakes.set(provider, fake);
        await connectionWithAccount(env, {
          providerKey: provider, connectionName: `${provider}-sweep`, authType: 'OAUTH', identifier: IDENTIFIER,
          credentials: oauthCredentials({ access_token: token }), accountFields: ACCOUNT_FIELDS[provider], proxyUrl: fake.url,
        });
      }
    });
    afterAll(async () => {
      await env?.server.close();
      await Promise.all([...fakes.values()].map((f) => f.close()));
    });

    // In catalog order: a connector's samples are written for a fresh fake taken through its tools in turn.
    for (const spec of BUILTIN_TOOLS) {
      const { name, provider, output_schema: outputSchema } = spec.definition;
      it(name, async () => {
        const sample = TOOL_SAMPLES[name];
        expect(sample, `no sample for ${name} in test/tools/samples/${provider}.ts`).toBeDefined();
        const fake = fakes.get(provider)!;
        const mark = fake.received().length;

        const result = await env.sdk.actions.executeTool({ toolName: name, identifier: IDENTIFIER, toolInput: sample.input });

        expect(result.executionId).toMatch(/^exe_/);
        // A non-object output comes back wrapped as data.result.
        const data = outputSchema.type === 'object' ? result.data : (result.data as { result?: unknown })?.result;
        const valid = ajv.compile(outputSchema);
        expect(valid(data), `${name} data: ${JSON.stringify(valid.errors)}`).toBe(true);
        const calls = fake.received().slice(mark);
        expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(sample.calls);
        for (const c of calls) expect(c.headers.authorization, `${c.method} ${c.path}`).toBe(`Bearer ${token}`);
      });
    }
  });
}
