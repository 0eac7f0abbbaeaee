import { RELEASE_SYNC, newQuickJSWASMModule, type QuickJSWASMModule } from 'quickjs-emscripten';
import { VM_PRELUDE, VM_PRELUDE_EXTRAS } from './vm-prelude.js';

/*
 * The QuickJS engine, compiled to WebAssembly, loaded once per process (~30 ms) and shared by every
 * execution; each execution gets its own runtime (heap, stack, interrupt handler) from it.
 *
 * Why quickjs-emscripten: a WASM interpreter has no ambient I/O at all (no require, process, fetch,
 * timers, file system): the tool sees only what we install. isolated-vm 7 needs Node ≥ 24 and a native
 * build; node:vm is not a security boundary. The sync build (not asyncify): host calls are promises
 * settled through executePendingJobs, so many executions interleave on one module (an asyncify module
 * suspends one call at a time), at no higher cost warm (bench/sandbox.ts measures both).
 */
/**
 * The prelude evaluated once at load and a trivial tool run through it, so V8 has compiled the
 * engine's code paths (it compiles WASM functions lazily) before a real tool runs against its CPU budget.
 */
async function loadWarm(): Promise<QuickJSWASMModule> {
  const m = await newQuickJSWASMModule(RELEASE_SYNC);
  const vm = m.newContext();
  const r = vm.evalCode(`(${VM_PRELUDE})(() => Promise.resolve('{}'), () => 'id', () => {}, () => ${VM_PRELUDE_EXTRAS})(async (p, c) => ({ d: c.utils.formatDate(0, 'YYYY') }), '{}', () => {})`);
  (r.error ?? r.value).dispose();
  vm.runtime.executePendingJobs().error?.dispose();
  vm.dispose();
  return m;
}

let current: QuickJSWASMModule = await loadWarm();
let reloading: Promise<QuickJSWASMModule> | undefined;
let replacements = 0;

/** How often the module was replaced after an abort: 0 unless a handle leaked (tests assert it). */
export const moduleReplacements = (): number => replacements;

/** The module, for synchronous work (compile checks, reading a tool file). */
export const quickjsModule = (): QuickJSWASMModule => current;

/** The module once any reload has finished. */
export const readyModule = (): Promise<QuickJSWASMModule> => reloading ?? Promise.resolve(current);

/**
 * After a WASM abort (QuickJS asserts when a runtime is freed with live objects: a bug of ours),
 * the module's memory cannot be trusted: the next executions get a fresh module.
 */
export function replaceModule(): void {
  replacements++;
  reloading ??= loadWarm().then((m) => {
    current = m;
    reloading = undefined;
    return m;
  });
}
