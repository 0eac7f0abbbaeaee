import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { createToolkit } from '../../packages/latchkey-ai/src/index.js';
import { openAiAgentsToolOptions } from '../../packages/latchkey-ai/src/openai.js';
import { CONNECTION, EXPIRED_MESSAGE, gmailDefinitions, SEED_INPUT, startAdapterEnv, subjectsIn, USER, type AdapterEnv } from './adapter-env.js';

/**
 * The OpenAI Agents SDK's function tools: `@openai/agents` is not installed here, so this checks
 * the options handed to its `tool()` (name, description, a non-strict object schema, execute)
 * and runs `execute` the way its runner does (the model's arguments parsed as JSON) against
 * Latchkey and the Gmail fake. A real Agents run needs the package.
 */
for (const dialect of DIALECTS) {
  describe(`@latchkey/ai for the OpenAI Agents SDK (${dialect.name})`, () => {
    let a: AdapterEnv;
    beforeAll(async () => { a = await startAdapterEnv(dialect); });
    afterAll(async () => { await a?.close(); });

    it("gives tool() options per scoped tool: the definition's own schema as a non-strict object schema", async () => {
      const options = openAiAgentsToolOptions(await createToolkit(a.env.sdk, { identifier: USER, filter: { connectionNames: [CONNECTION] } }));
      expect(options.map((o) => o.name)).toEqual(gmailDefinitions.map((d) => d.name));
      for (const [i, o] of options.entries()) {
        const d = gmailDefinitions[i];
        expect(o).toMatchObject({ description: d.description, strict: false });
        expect(o.parameters).toMatchObject({ ...d.input_schema, type: 'object' });
        expect(o.parameters.properties).toEqual(d.input_schema.properties ?? {});
        expect(o.parameters.required).toEqual(d.input_schema.required ?? []);
        expect(typeof o.parameters.additionalProperties).toBe('boolean');
      }
    });

    it('execute runs the parsed arguments through actions.executeTool; an expired account answers with a link', async () => {
      const fetch = openAiAgentsToolOptions(await createToolkit(a.env.sdk, { identifier: USER, filter: { connectionNames: [CONNECTION] } })).find((o) => o.name === 'gmail_fetch_mails')!;
      expect(subjectsIn(await fetch.execute(JSON.parse(JSON.stringify(SEED_INPUT))))).toEqual(['Q3 planning notes', 'Café invoice']);
      expect(subjectsIn(await fetch.execute(JSON.stringify(SEED_INPUT)))).toEqual(['Q3 planning notes', 'Café invoice']);
      expect(await fetch.execute('{not json')).toContain('not valid JSON');
      const user = await a.lapsingUser();
      const lapsed = openAiAgentsToolOptions(await createToolkit(a.env.sdk, { identifier: user.identifier, filter: { connectionNames: [CONNECTION] } })).find((o) => o.name === 'gmail_fetch_mails')!;
      expect(await lapsed.execute(SEED_INPUT)).toMatch(EXPIRED_MESSAGE);
    });
  });
}
