import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/modules/errors/domain-error.js';
import { moduleReplacements } from '../../src/modules/tools/sandbox/quickjs-module.js';
import { pooledVms, setVmPoolSize } from '../../src/modules/tools/sandbox/vm-pool.js';
import { runCodeTool, sandboxLimits, type CodeToolHost, type SandboxLimits } from '../../src/modules/tools/sandbox/index.js';

/**
 * The pool of prepared VMs (vm-pool.ts) and the lazily compiled part of the prelude: a VM made
 * ahead is still one execution's alone, gets that execution's limits, and the extras a tool
 * reaches for late are built on the globals as they were before the tool ran.
 */
const host = (fail = false): CodeToolHost => ({
  async call(_name, args: any) {
    if (fail) throw new DomainError('not_found', `tool '${args.tool}' does not exist`, { reason: 'TOOL_NOT_FOUND' });
    return { echoed: args.parameters };
  },
  generateId: () => 'id_1',
});
let seq = 0;
const run = (source: string, limits: Partial<SandboxLimits> = {}, h = host()) =>
  runCodeTool({ source, params: { n: 1 }, host: h, limits: sandboxLimits(limits), executionId: `exe_${++seq}` });
/** A turn of the event loop: the pool refills then, as between a server's requests. */
const idle = () => new Promise((r) => setImmediate(r));
async function failure(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

afterEach(() => setVmPoolSize(3));

describe('prepared VMs', () => {
  it('are made ahead between executions, and each serves one execution only: nothing one tool leaves is seen by the next', async () => {
    for (let i = 0; i < 5; i++) await idle();
    expect(pooledVms()).toBe(3);
    const seen: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      await idle();
      seen.push(await run(`async () => { const seen = { before: typeof globalThis.leak, polluted: ({}).polluted ?? null }; globalThis.leak = 'x'; Object.prototype.polluted = 1; return seen; }`));
    }
    expect(seen).toEqual(Array(6).fill({ before: 'undefined', polluted: null }));
    // Back to back (no turn of the loop to refill), the pool runs dry and VMs are made on the spot: same answers.
    const burst = await Promise.all(Array.from({ length: 6 }, () => run(`async () => { const b = typeof globalThis.leak; globalThis.leak = 1; return b; }`)));
    expect(burst).toEqual(Array(6).fill('undefined'));
  });

  it("take the limits of the execution that uses them, not of whoever made them", async () => {
    await idle();
    expect(pooledVms()).toBeGreaterThan(0);
    const grow = (limit: string) => `async () => { let s = 'x'; while (s.length < ${limit}) { s += s; s.indexOf('y'); } return s.length; }`;
    const mem = await failure(run(grow('Infinity'), { memoryBytes: 2 * 1024 * 1024 }));
    expect(mem.toolErrorInfo?.toolErrorCode).toBe('CODE_TOOL_MEMORY_LIMIT');
    expect(mem.message).toContain('2 MiB');
    await idle();
    const cpu = await failure(run(`async () => { for (;;) {} }`, { cpuMs: 20 }));
    expect(cpu.toolErrorInfo?.toolErrorCode).toBe('CODE_TOOL_CPU_LIMIT');
    expect(cpu.message).toContain('after 20 ms of CPU time');
    await idle();
    // 4 MiB of string fits in the default 32 MiB.
    expect(await run(grow(String(4 * 1024 * 1024)))).toBe(4 * 1024 * 1024);
    expect(moduleReplacements()).toBe(0);
  });

  it('work with the pool off (every VM made on the request path)', async () => {
    setVmPoolSize(0);
    await idle();
    expect(pooledVms()).toBe(0);
    expect(await run(`async (p, c) => (await c.tools.execute({ tool: 'echo', parameters: { n: p.n + 1 } })).echoed`)).toEqual({ n: 2 });
    expect(pooledVms()).toBe(0);
  });
});

describe('the lazily compiled part of the prelude', () => {
  it('is built on the globals as they were before the tool ran, however the tool replaces them first', async () => {
    const source = `async (p, context) => {
      globalThis.Error = function Fake() {}; globalThis.Date = null; globalThis.String = null; globalThis.Object = null; globalThis.isNaN = null;
      const day = context.utils.formatDate(0, 'YYYY-MM-DD');
      const email = context.utils.isValidEmail('a@b.co');
      throw new context.errors.BusinessLogicError('no slot on ' + day + ' ' + email);
    }`;
    const err = await failure(run(source));
    expect(err.toolErrorInfo?.toolErrorCode).toBe('BUSINESS_LOGIC_ERROR');
    expect(err.message).toBe('no slot on 1970-01-01 true');
  });

  it('gives a failed context call its ToolExecutionError the first time the tool meets one', async () => {
    const caught = await run(`async (p, c) => { try { await c.tools.execute({ tool: 'nope' }); } catch (e) { return { name: e.name, code: e.code, status: e.status, message: e.message }; } }`, {}, host(true));
    expect(caught).toEqual({ name: 'ToolExecutionError', code: 'TOOL_NOT_FOUND', status: 'not_found', message: "tool 'nope' does not exist" });
  });
});
