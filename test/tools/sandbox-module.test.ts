import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/modules/errors/domain-error.js';
import { checkCodeTool, readToolModule, runCodeTool, validateSandboxLimits } from '../../src/modules/tools/sandbox/index.js';
import { moduleReplacements } from '../../src/modules/tools/sandbox/quickjs-module.js';
import { PROXY_TOOL_EXAMPLES, proxyToolsExample } from '../fixtures/docs/published-docs.js';

/** Register-time checks: an implementation's source, a `tool.js` file, and an environment's limits. */
const thrown = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected an error');
};

describe('checkCodeTool', () => {
  it('accepts function expressions, async or not', () => {
    for (const src of ['async (parameters, context) => { return 1; }', 'async function (p, c) { return p }', '(p) => p', 'function named(p) { return p }']) {
      expect(checkCodeTool(src), src).toBeUndefined();
    }
  });

  it('names what is wrong with text that does not compile or is not a function', () => {
    expect(checkCodeTool('async (parameters, context) => {')).toMatch(/^does not compile: SyntaxError: /);
    expect(checkCodeTool('42')).toBe('must be a function expression such as async (parameters, context) => { … }, not a number');
    expect(checkCodeTool('  ')).toMatch(/^must be the source text of a function/);
    expect(checkCodeTool('x'.repeat(300 * 1024))).toBe('must be at most 262144 characters');
  });

  it('bounds text that runs code while it is evaluated', () => {
    expect(checkCodeTool('(() => { while (true) {} })()')).toMatch(/^does not compile: InternalError: interrupted/);
  });
});

describe('readToolModule', () => {
  it("reads each of the seed's five examples verbatim, implementation as source text that runs", async () => {
    const names: string[] = [];
    for (const heading of PROXY_TOOL_EXAMPLES) {
      const tool = readToolModule(proxyToolsExample(heading));
      names.push(tool.name as string);
      expect(tool.provider).toBe('custom');
      expect(typeof tool.implementation).toBe('string');
      expect(tool.implementation as string).toMatch(/^async \(parameters, context\) => \{/);
      expect(checkCodeTool(tool.implementation as string)).toBeUndefined();
      expect((tool.input_schema as { type: string }).type).toBe('object');
    }
    expect(names).toEqual(['send_welcome_email', 'create_project_workflow', 'generate_team_report', 'send_slack_notification', 'schedule_team_meeting']);
    const welcome = readToolModule(proxyToolsExample('Basic custom tool'));
    const sent: unknown[] = [];
    const out = await runCodeTool({
      source: welcome.implementation as string,
      params: { user_name: 'John Doe', user_email: 'john@example.com', company_name: 'Acme Corp' },
      host: { call: async (_n, args) => (sent.push(args), { message_id: 'test_msg_123', status: 'sent' }), generateId: () => 'id' },
      executionId: 'exe_1',
    });
    expect(out).toEqual({ message_id: 'test_msg_123', status: 'sent' });
    expect(sent).toEqual([{ tool: 'send_email', parameters: expect.objectContaining({ to: ['john@example.com'], subject: 'Welcome to Acme Corp!' }) }]);
  });

  it('reads export default, module.exports and a bare object, method shorthand included', () => {
    const body = `name: 'x_tool', input_schema: { type: 'object' }, implementation: async (p, c) => p`;
    expect(readToolModule(`export default { ${body} };`)).toEqual({ name: 'x_tool', input_schema: { type: 'object' }, implementation: 'async (p, c) => p' });
    expect(readToolModule(`module.exports = { ${body} };`).name).toBe('x_tool');
    expect(readToolModule(`{ ${body} }`).name).toBe('x_tool');
    const shorthand = readToolModule(`export default { name: 'y', async implementation(p, c) { return p } }`);
    expect(shorthand.implementation).toBe('async function implementation(p, c) { return p }');
  });

  it('refuses a file with no tool, several tools, or one that reaches for what is not there', () => {
    expect(thrown(() => readToolModule('const a = 1;')).message).toMatch(/^file defines no tool/);
    const two = `const a = { name: 'a', implementation: () => 1 };\nconst b = { name: 'b', implementation: () => 2 };`;
    expect(thrown(() => readToolModule(two)).message).toBe('file defines 2 tools (a, b); put one tool in each file');
    expect(thrown(() => readToolModule(`const fs = require('fs');`)).message).toMatch(/^file does not run: ReferenceError: .*require/);
    expect(thrown(() => readToolModule('while (true) {}')).message).toMatch(/interrupted/);
  });
});

it('freed every VM it made (a leaked handle would have aborted QuickJS and replaced the module)', () => {
  expect(moduleReplacements()).toBe(0);
});

describe('validateSandboxLimits', () => {
  it('takes any subset of the limits within their bounds, naming the field otherwise', () => {
    expect(validateSandboxLimits({ cpuMs: 500, hostCalls: 10 })).toEqual({ cpuMs: 500, hostCalls: 10 });
    expect(thrown(() => validateSandboxLimits({ cpuMs: 1e9 })).violations).toEqual([{ field: 'code_tool_limits.cpuMs', description: 'must be an integer from 10 to 2000' }]);
    expect(thrown(() => validateSandboxLimits({ gpu: 1 })).violations[0].field).toBe('code_tool_limits.gpu');
    expect(thrown(() => validateSandboxLimits([])).violations[0].field).toBe('code_tool_limits');
  });
});
