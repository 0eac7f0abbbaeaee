import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import type { CodeToolHost } from './code-tool-host-api.js';
import { readyModule } from './quickjs-module.js';
import { limitError, thrownError, type StopReason, type ThrownByTool } from './sandbox-errors.js';
import { sandboxLimits, type SandboxLimits } from './sandbox-limits.js';
import { hostCallbacks } from './vm-bridge.js';
import { takeVm } from './vm-pool.js';
import { VmSession } from './vm-session.js';

export interface RunCodeToolOptions {
  /** The implementation's source text: an (async) function expression `(parameters, context) => …`. */
  source: string;
  /** Already validated against the tool's input_schema. */
  params: unknown;
  host: CodeToolHost;
  limits?: SandboxLimits;
  /** Aborted when the caller goes away or the execution's deadline passes. */
  signal?: AbortSignal;
  /** Named in every tool error. */
  executionId: string;
}

/** name and message of an error handle, read defensively: it may be any value the tool threw. */
function errorOf(vm: QuickJSContext, h: QuickJSHandle): ThrownByTool {
  try {
    const d = vm.dump(h) as { name?: unknown; message?: unknown } | undefined;
    return { name: typeof d?.name === 'string' ? d.name : 'Error', message: typeof d?.message === 'string' ? d.message : String(d) };
  } catch {
    return { name: 'Error', message: 'an unreadable error' };
  } finally {
    h.dispose();
  }
}

/**
 * Runs a code tool in a fresh QuickJS runtime: the prelude builds `context`, the implementation is
 * evaluated as an expression and called with the parameters, and its JSON answer comes back through
 * `done`. Every limit ends the run with a tool error (sandbox-errors.ts); the runtime is freed on
 * every path, and a stopped VM is never entered again.
 */
export async function runCodeTool(o: RunCodeToolOptions): Promise<unknown> {
  const limits = o.limits ?? sandboxLimits();
  const s = new VmSession(takeVm(await readyModule()), limits);
  const hostSignal = new AbortController();
  return new Promise<unknown>((resolve, reject) => {
    let finished = false;
    const finish = (err: unknown, value?: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', cancelled);
      hostSignal.abort();
      s.dispose();
      if (err) reject(err);
      else resolve(value);
    };
    const stop = (reason: StopReason) => {
      s.stop(reason);
      finish(limitError(reason, limits, o.executionId));
    };
    const cancelled = () => stop('cancelled');
    const timer = setTimeout(() => stop('wall'), limits.wallClockMs);
    if (o.signal?.aborted) return stop('cancelled');
    o.signal?.addEventListener('abort', cancelled, { once: true });

    const escaped = (errH: QuickJSHandle) => {
      if (finished || s.stopped) {
        errH.dispose(); // before the VM goes: a live handle would abort QuickJS when it is freed
        return s.stopped ? finish(limitError(s.stopped, limits, o.executionId)) : undefined;
      }
      finish(thrownError(s.slice(() => errorOf(s.vm, errH)), o.executionId, limits));
    };
    const answer = (text: string) => {
      if (s.stopped) return finish(limitError(s.stopped, limits, o.executionId));
      if (Buffer.byteLength(text) - 1 > limits.outputBytes) return finish(limitError('output', limits, o.executionId));
      try {
        const json = JSON.parse(text.slice(1)) as unknown;
        if (text[0] === 'R') finish(null, json);
        else finish(thrownError(json as ThrownByTool, o.executionId, limits));
      } catch (err) {
        finish(err);
      }
    };
    try {
      s.prepared.bind(hostCallbacks(s, o.host, hostSignal.signal, escaped));
      const failed = start(s, o, answer);
      if (typeof failed === 'string') answer(failed);
      else if (failed) escaped(failed);
    } catch (err) {
      finish(err);
    }
  });
}

/**
 * Implementation, then the prelude's run (the prelude was evaluated when the VM was prepared):
 * each step's handles freed as soon as the VM holds its own references. Answers the error handle
 * of a step that failed, or a ready answer.
 */
function start(s: VmSession, o: RunCodeToolOptions, answer: (text: string) => void): QuickJSHandle | string | undefined {
  const vm = s.vm;
  const owned: QuickJSHandle[] = [];
  try {
    const impl = s.slice(() => vm.evalCode(`(\n${o.source}\n)`, 'tool.js'));
    if (impl.error) return impl.error;
    owned.push(impl.value);
    if (vm.typeof(impl.value) !== 'function') return `E${JSON.stringify({ name: 'TypeError', message: 'implementation is not a function' })}`;
    const params = vm.newString(JSON.stringify(o.params ?? {}));
    const done = vm.newFunction('done', (textH) => answer(vm.getString(textH)));
    owned.push(params, done);
    const called = s.slice(() => vm.callFunction(s.run, vm.undefined, impl.value, params, done));
    if (called.error) return called.error;
    called.value.dispose();
  } finally {
    for (const h of owned) if (h.alive) h.dispose();
  }
  return s.runJobs();
}
