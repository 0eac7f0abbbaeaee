import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/modules/errors/domain-error.js';
import { moduleReplacements } from '../../src/modules/tools/sandbox/quickjs-module.js';
import { runCodeTool, sandboxLimits, type CodeToolHost, type HostCallName, type SandboxLimits } from '../../src/modules/tools/sandbox/index.js';

/**
 * The sandbox on its own: a host whose tools are small real functions (an echo, a slow echo, a
 * call that never answers), so each escape and limit is seen as the caller sees it (a tool error
 * naming the limit) while another execution runs next to it.
 */
const never = new Promise<never>(() => {});
function host(log: string[] = []): CodeToolHost {
  return {
    async call(name: HostCallName, args: any) {
      if (name !== 'tools.execute') return { name, args };
      if (args.tool === 'echo') return { echoed: args.parameters };
      if (args.tool === 'slow_echo') return new Promise((r) => setTimeout(() => r({ echoed: args.parameters }), 30));
      if (args.tool === 'hang') return never;
      throw new DomainError('not_found', `tool '${args.tool}' does not exist`, { reason: 'TOOL_NOT_FOUND' });
    },
    generateId: () => 'id_1',
    log: (level, text) => log.push(`${level}: ${text}`),
  };
}

let seq = 0;
const run = (source: string, params: unknown = {}, limits: Partial<SandboxLimits> = {}, h = host(), signal?: AbortSignal) =>
  runCodeTool({ source, params, host: h, limits: sandboxLimits(limits), signal, executionId: `exe_${++seq}` });

async function failure(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}
const codeOf = (e: DomainError) => e.toolErrorInfo?.toolErrorCode;

/** A normal execution that makes host calls, started next to a runaway one: it must still answer. */
const NEIGHBOUR = `async (p, context) => {
  const a = await context.tools.execute({ tool: 'slow_echo', parameters: { n: 1 } });
  const b = await context.tools.execute({ tool: 'echo', parameters: { n: a.echoed.n + 1 } });
  return { total: b.echoed.n };
}`;

async function withNeighbour(runaway: Promise<unknown>): Promise<DomainError> {
  const [err, ok] = await Promise.all([failure(runaway), run(NEIGHBOUR)]);
  expect(ok).toEqual({ total: 2 });
  return err;
}

describe('code tool sandbox', () => {
  it('runs an implementation with the parameters and the seed context, and returns its JSON', async () => {
    const out = await run(
      `async (parameters, context) => {
        const r = await context.tools.execute({ tool: 'echo', parameters: { to: [parameters.email] } });
        return {
          echoed: r.echoed,
          id: context.utils.generateId(),
          day: context.utils.formatDate(new Date(Date.UTC(2024, 0, 15, 9, 5)), 'YYYY-MM-DD HH:mm'),
          valid: [context.utils.isValidEmail(parameters.email), context.utils.isValidEmail('not an email')],
          account: await context.accounts.get('ca_1'),
          list: await context.accounts.list({ provider: 'gmail' }),
          http: await context.utils.httpRequest({ url: 'https://api.example.com/data', method: 'GET' }),
          nothing: undefined,
        };
      }`,
      { email: 'ana@example.com' },
    );
    expect(out).toEqual({
      echoed: { to: ['ana@example.com'] },
      id: 'id_1',
      day: '2024-01-15 09:05',
      valid: [true, false],
      account: { name: 'accounts.get', args: 'ca_1' },
      list: { name: 'accounts.list', args: { provider: 'gmail' } },
      http: { name: 'utils.httpRequest', args: { url: 'https://api.example.com/data', method: 'GET' } },
    });
  });

  it('accepts a plain function and a sync arrow, and answers null for no return value', async () => {
    expect(await run('function (p) { return p.a * 2 }', { a: 21 })).toBe(42);
    expect(await run('async () => {}')).toBeNull();
  });

  it("turns the seed's context.errors into tool errors with their own codes", async () => {
    const cases: Array<[string, string, string]> = [
      ['ValidationError', 'invalid_argument', 'VALIDATION_ERROR'],
      ['BusinessLogicError', 'failed_precondition', 'BUSINESS_LOGIC_ERROR'],
      ['ExternalAPIError', 'internal', 'EXTERNAL_API_ERROR'],
    ];
    for (const [cls, code, toolCode] of cases) {
      const err = await failure(run(`async (p, context) => { throw new context.errors.${cls}('No available time slots found') }`));
      expect([err.code, err.reason, codeOf(err), err.message]).toEqual([code, 'TOOL_ERROR', toolCode, 'No available time slots found']);
    }
    const plain = await failure(run(`async () => { throw new Error('Project creation failed: boom') }`));
    expect([plain.code, codeOf(plain), plain.message]).toEqual(['internal', 'CODE_TOOL_ERROR', 'the code tool threw Error: Project creation failed: boom']);
  });

  it('lets the tool catch a failed nested call, which carries the message and code of the failure', async () => {
    const out = await run(`async (p, context) => {
      try { await context.tools.execute({ tool: 'missing' }); } catch (e) { return { name: e.name, code: e.code, message: e.message }; }
    }`);
    expect(out).toEqual({ name: 'ToolExecutionError', code: 'TOOL_NOT_FOUND', message: "tool 'missing' does not exist" });
  });

  it('gives console lines to the host, bounded, and never to the caller', async () => {
    const log: string[] = [];
    await run(`async () => { console.error('Failed to send notification to a@b.c:', new Error('bounced')); for (let i = 0; i < 500; i++) console.log(i); return 1; }`, {}, {}, host(log));
    expect(log[0]).toBe('error: Failed to send notification to a@b.c: Error: bounced');
    expect(log).toHaveLength(100);
  });

  describe('has no way out of the VM', () => {
    const escapes: Record<string, string> = {
      require: `require('fs').readFileSync('/etc/passwd', 'utf8')`,
      process: `process.env`,
      fetch: `fetch('http://169.254.169.254/latest/meta-data/')`,
      import: `import('fs')`,
      'globalThis.process': `globalThis.process.exit(1)`,
      'Function constructor': `(function () {}).constructor.constructor('return process')().exit(1)`,
      'constructor.constructor this': `(() => { const g = ({}).constructor.constructor('return this')(); return g.require ?? g.process ?? g.fetch ?? g.setTimeout ?? g.hostCall ?? g.__host ?? 'nothing'; })()`,
    };
    for (const [name, expr] of Object.entries(escapes)) {
      it(`${name}: a clear error or nothing, never the host`, async () => {
        const out = await run(`async () => { const v = await ${expr}; return typeof v === 'string' ? v : typeof v; }`).catch((e: DomainError) => e);
        if (out instanceof DomainError) {
          expect(codeOf(out)).toBe('CODE_TOOL_ERROR');
          expect(out.message).toMatch(/^the code tool threw (ReferenceError|TypeError|Error|SyntaxError): /);
        } else {
          expect(out).toBe('nothing');
        }
      });
    }

    it('sees a global object with nothing of the host on it', async () => {
      const names = await run(`async () => Object.getOwnPropertyNames(globalThis).filter((n) => !/^[A-Z]/.test(n)).sort()`);
      expect(names).toEqual(expect.arrayContaining(['console', 'globalThis']));
      for (const n of names as string[]) expect(['console', 'globalThis', 'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'undefined', 'NaN', 'Infinity']).toContain(n);
    });
  });

  describe('stops a runaway tool with a clear error while another execution still answers', () => {
    it('an endless loop: the CPU limit', async () => {
      const err = await withNeighbour(run('async () => { while (true) {} }', {}, { cpuMs: 100 }));
      expect([err.code, codeOf(err)]).toEqual(['resource_exhausted', 'CODE_TOOL_CPU_LIMIT']);
      expect(err.message).toContain('100 ms of CPU time (code_tool_limits.cpuMs)');
    });

    it('an endless loop after a host call (in a promise job), and one that catches everything', async () => {
      const later = await withNeighbour(run(`async (p, c) => { await c.tools.execute({ tool: 'echo' }); for (;;) {} }`, {}, { cpuMs: 100 }));
      expect(codeOf(later)).toBe('CODE_TOOL_CPU_LIMIT');
      const stubborn = await failure(run('async () => { for (;;) { try { while (true) {} } catch (e) {} } }', {}, { cpuMs: 100 }));
      expect(codeOf(stubborn)).toBe('CODE_TOOL_CPU_LIMIT');
    });

    it('unbounded allocation: the memory limit', async () => {
      // Doubling a string (read, so it is flat) reaches the limit in a few steps.
      const err = await withNeighbour(run(`async () => { let s = 'x'; for (;;) { s += s; s.indexOf('y'); } }`, {}, { memoryBytes: 8 * 1024 * 1024 }));
      expect([err.code, codeOf(err)]).toEqual(['resource_exhausted', 'CODE_TOOL_MEMORY_LIMIT']);
      expect(err.message).toContain('8 MiB');
    });

    it('deep recursion: the stack limit', async () => {
      const err = await withNeighbour(run('async () => { const f = (n) => f(n + 1) + 1; return f(0); }'));
      expect(codeOf(err)).toBe('CODE_TOOL_STACK_LIMIT');
      expect(err.message).toContain('recursion');
    });

    it('a too-large answer: the output limit', async () => {
      const err = await withNeighbour(run(`async () => 'x'.repeat(5000)`, {}, { outputBytes: 4096 }));
      expect([err.code, codeOf(err)]).toEqual(['resource_exhausted', 'CODE_TOOL_OUTPUT_LIMIT']);
    });

    it('a host call that never answers: the wall clock', async () => {
      const err = await withNeighbour(run(`async (p, c) => c.tools.execute({ tool: 'hang' })`, {}, { wallClockMs: 300 }));
      expect([err.code, codeOf(err)]).toEqual(['deadline_exceeded', 'CODE_TOOL_TIMEOUT']);
      // A host call that answers after the stop finds the VM gone and leaves it alone.
      const late = await failure(run(`async (p, c) => c.tools.execute({ tool: 'slow_echo' })`, {}, { wallClockMs: 5 }));
      expect(codeOf(late)).toBe('CODE_TOOL_TIMEOUT');
      await new Promise((r) => setTimeout(r, 60));
    });

    it("the caller's cancellation", async () => {
      const ac = new AbortController();
      const p = run(`async (p, c) => c.tools.execute({ tool: 'hang' })`, {}, {}, host(), ac.signal);
      setTimeout(() => ac.abort(), 20);
      expect(codeOf(await failure(p))).toBe('CODE_TOOL_CANCELLED');
    });

    it('binary buffers, which QuickJS would allocate outside the memory limit, do not exist', async () => {
      const out = await run(`async () => [typeof ArrayBuffer, typeof Uint8Array, typeof SharedArrayBuffer, typeof DataView]`);
      expect(out).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
    });

    it('an answer that is not JSON', async () => {
      const err = await failure(run('async () => { const a = {}; a.self = a; return a; }'));
      expect(codeOf(err)).toBe('CODE_TOOL_OUTPUT_INVALID');
    });

    it('an implementation that is not a function', async () => {
      expect((await failure(run('42'))).message).toBe('the code tool threw TypeError: implementation is not a function');
    });
  });

  it('answers normally after every kind of stop (each execution has its own runtime)', async () => {
    const results = await Promise.allSettled([
      run('async () => { while (true) {} }', {}, { cpuMs: 50 }),
      run(`async () => { let s = 'x'; for (;;) { s += s; s.indexOf('y'); } }`, {}, { memoryBytes: 4 * 1024 * 1024 }),
      run(NEIGHBOUR),
      run('async (p) => p.n * 3', { n: 3 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await run('async (p) => ({ ok: p.ok })', { ok: true })).toEqual({ ok: true });
    // A VM freed with a handle still alive aborts QuickJS, and the module is replaced: never here.
    expect(moduleReplacements()).toBe(0);
  });
});
