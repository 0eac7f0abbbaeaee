import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import { quickjsModule, replaceModule } from './quickjs-module.js';
import { VM_PRELUDE, VM_PRELUDE_EXTRAS } from './vm-prelude.js';
import { SANDBOX_INTRINSICS } from './vm-session.js';

/** What the prelude's host functions do, once the execution that owns the VM is known. */
export interface HostCallbacks {
  hostCall(nameH: QuickJSHandle, argsH: QuickJSHandle): QuickJSHandle;
  hostId(): QuickJSHandle;
  hostLog(levelH: QuickJSHandle, textH: QuickJSHandle): void;
}

/**
 * A fresh runtime and context with the prelude already evaluated (its `run` function in hand),
 * made ahead of demand. It is given to ONE execution, which binds its host callbacks and frees it:
 * a VM is never reused, so no execution sees another's state.
 */
export interface PreparedVm {
  module: QuickJSWASMModule;
  runtime: QuickJSRuntime;
  vm: QuickJSContext;
  /** The prelude's `run(impl, paramsJson, done)`. */
  run: QuickJSHandle;
  /** The host functions the prelude closed over: three forward to what is bound here. */
  bind(callbacks: HostCallbacks): void;
  /** Frees run, the host functions, the context and the runtime. */
  free(): void;
}

/** Enough for a burst of a few executions; each one costs ~1 ms to make and some 100 KB of WASM heap. */
const DEFAULT_POOL_SIZE = 3;
let poolSize = DEFAULT_POOL_SIZE;
const pool: PreparedVm[] = [];
let refillScheduled = false;

const unbound = (): never => {
  throw new Error('host function called before the VM was given to an execution');
};

/** Runtime, context, prelude: the per-execution work that does not depend on the execution. */
export function prepareVm(module: QuickJSWASMModule = quickjsModule()): PreparedVm {
  const runtime = module.newRuntime();
  const vm = runtime.newContext({ intrinsics: SANDBOX_INTRINSICS });
  let bound: HostCallbacks = { hostCall: unbound, hostId: unbound, hostLog: unbound };
  const fns = [
    vm.newFunction('hostCall', (nameH, argsH) => bound.hostCall(nameH, argsH)),
    vm.newFunction('hostId', () => bound.hostId()),
    vm.newFunction('hostLog', (levelH, textH) => bound.hostLog(levelH, textH)),
    // The prelude's rarely used part, compiled in this VM on first use (an error result is thrown there).
    vm.newFunction('hostExtras', () => vm.evalCode(VM_PRELUDE_EXTRAS, 'prelude-extras.js')),
  ];
  const free = (handles: QuickJSHandle[]) => {
    for (const h of handles) if (h.alive) h.dispose();
    vm.dispose();
    runtime.dispose();
  };
  const prelude = vm.evalCode(VM_PRELUDE, 'prelude.js');
  const run = prelude.error ? prelude : vm.callFunction(vm.unwrapResult(prelude), vm.undefined, ...fns);
  if (!prelude.error) prelude.value.dispose();
  if (run.error) {
    const e: unknown = vm.dump(run.error);
    run.error.dispose();
    free(fns);
    throw new Error(`the sandbox prelude failed: ${JSON.stringify(e)}`);
  }
  return {
    module,
    runtime,
    vm,
    run: run.value,
    bind: (callbacks) => void (bound = callbacks),
    free: () => free([run.value, ...fns]),
  };
}

/** A prepared VM of the current module: from the pool when one is ready, else made now. */
export function takeVm(module: QuickJSWASMModule): PreparedVm {
  scheduleRefill();
  for (let p = pool.pop(); p; p = pool.pop()) {
    if (p.module === module) return p;
    discard(p); // made before a module replacement
  }
  return prepareVm(module);
}

function discard(p: PreparedVm): void {
  try {
    p.free();
  } catch {
    replaceModule();
  }
}

/**
 * One VM per turn of the event loop (setImmediate runs after pending I/O), so refilling never
 * delays a request by more than one VM's making. Not unref'd: an unref'd immediate lets the loop
 * sleep in its poll phase, so the refill would wait for the next request and run in its path.
 */
function scheduleRefill(): void {
  if (refillScheduled || pool.length >= poolSize) return;
  refillScheduled = true;
  setImmediate(() => {
    refillScheduled = false;
    if (pool.length >= poolSize) return; // shrunk meanwhile
    try {
      pool.push(prepareVm());
    } catch {
      return; // the module is being replaced: the next take makes its own VM and schedules again
    }
    scheduleRefill();
  });
}

/** 0 turns the pool off (every VM made on the request path): bench/code-tools.ts compares both in one run. */
export function setVmPoolSize(size: number): void {
  poolSize = Math.max(0, Math.floor(size));
  while (pool.length > poolSize) discard(pool.pop()!);
  scheduleRefill();
}

/** How many prepared VMs are waiting (tests). */
export const pooledVms = (): number => pool.length;

scheduleRefill();
