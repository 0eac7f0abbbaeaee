import type { QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten';
import { DomainError } from '../../errors/domain-error.js';
import type { CodeToolHost, HostCallName } from './code-tool-host-api.js';
import type { HostCallbacks } from './vm-pool.js';
import type { VmSession } from './vm-session.js';

const HOST_CALLS: ReadonlySet<string> = new Set<HostCallName>(['tools.execute', 'accounts.get', 'accounts.list', 'utils.httpRequest']);
const MAX_LOG_LINES = 100;
const MAX_LOG_CHARS = 2000;

/** How a host failure reaches the tool: its message, short code and status, nothing else of the server's error. */
function failureOf(err: unknown): { message: string; code: string; status: string } {
  if (err instanceof DomainError) return { message: err.message, code: err.toolErrorInfo?.toolErrorCode ?? err.reason, status: err.code };
  return { message: 'the host call failed', code: 'INTERNAL', status: 'internal' };
}

/**
 * What the prelude's three host functions do for this execution. `hostCall` answers a VM promise
 * at once and settles it when the host's work is done, then runs the VM's jobs so the tool
 * continues; nothing enters a VM that was stopped. `escaped` hears of errors that escape the VM's job queue.
 */
export function hostCallbacks(s: VmSession, host: CodeToolHost, signal: AbortSignal, escaped: (err: QuickJSHandle) => void): HostCallbacks {
  const vm = s.vm;
  const pending = new Set<QuickJSDeferredPromise>();
  s.onDispose(() => {
    for (const d of pending) d.dispose();
    pending.clear();
  });
  const settle = (d: QuickJSDeferredPromise, ok: boolean, json: string) => {
    if (!s.alive || !pending.delete(d)) return; // a stopped VM's deferreds are freed with it
    s.slice(() => {
      const h = vm.newString(json);
      if (ok) d.resolve(h);
      else d.reject(h);
      h.dispose();
    });
    d.dispose();
    const err = s.runJobs();
    if (err) escaped(err);
  };
  const hostCall = (nameH: QuickJSHandle, argsH: QuickJSHandle) => {
    const name = vm.getString(nameH);
    const args = JSON.parse(vm.getString(argsH)) as unknown;
    const d = vm.newPromise();
    pending.add(d);
    const work = HOST_CALLS.has(name) ? Promise.resolve().then(() => host.call(name as HostCallName, args, signal)) : Promise.reject(new Error(name));
    work.then(
      (value) => settle(d, true, JSON.stringify(value ?? null)),
      (err: unknown) => settle(d, false, JSON.stringify(failureOf(err))),
    );
    return d.handle;
  };
  const hostId = () => vm.newString(host.generateId());
  let lines = 0;
  const hostLog = (levelH: QuickJSHandle, textH: QuickJSHandle) => {
    if (++lines > MAX_LOG_LINES || !host.log) return;
    host.log(vm.getString(levelH), vm.getString(textH).slice(0, MAX_LOG_CHARS));
  };
  return { hostCall, hostId, hostLog };
}
