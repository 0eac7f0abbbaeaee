import { DefaultIntrinsics, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { replaceModule } from './quickjs-module.js';
import type { PreparedVm } from './vm-pool.js';
import type { SandboxLimits } from './sandbox-limits.js';
import type { StopReason } from './sandbox-errors.js';

/**
 * The language without typed arrays: QuickJS allocates ArrayBuffer storage outside the runtime's
 * memory limit (measured: 200 MiB of buffers under an 8 MiB limit), and JSON-in, JSON-out tools
 * have no use for binary data.
 */
export const SANDBOX_INTRINSICS = Object.freeze({ ...DefaultIntrinsics, TypedArrays: false });

/**
 * This process's CPU time in ms: unlike the clock, it does not run while the machine is busy with
 * other processes. Work of the process's other threads during a slice counts too: it errs early.
 */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * One execution's VM: a fresh runtime (its own heap limit, stack limit and interrupt handler) and
 * context, prepared ahead with the prelude evaluated (vm-pool.ts) and used by this execution only. CPU time is metered per slice of VM work; the interrupt handler, which QuickJS calls
 * every few thousand instructions, stops the VM once the slices add up to cpuMs or once the
 * execution was stopped from outside (wall clock, cancellation).
 */
export class VmSession {
  readonly runtime: QuickJSRuntime;
  readonly vm: QuickJSContext;
  /** The prelude's run(impl, paramsJson, done). */
  readonly run: QuickJSHandle;
  stopped: StopReason | undefined;
  private cpuUsedMs = 0;
  private sliceStart = -1;
  private sliceStartWall = 0;
  private disposed = false;
  private disposeAfterSlice = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(readonly prepared: PreparedVm, private readonly limits: SandboxLimits) {
    this.runtime = prepared.runtime;
    this.vm = prepared.vm;
    this.run = prepared.run;
    // The limits are the execution's: set when it takes the VM, before any of its code runs.
    this.runtime.setMemoryLimit(limits.memoryBytes);
    this.runtime.setMaxStackSize(limits.stackBytes);
    this.runtime.setInterruptHandler(() => this.shouldInterrupt());
  }

  get alive(): boolean {
    return !this.disposed && this.stopped === undefined;
  }

  get cpuMs(): number {
    return this.cpuUsedMs;
  }

  /** Runs VM work, counting its time against the CPU budget. Re-entrant (host functions run inside a slice). */
  slice<T>(work: () => T): T {
    if (this.sliceStart >= 0) return work();
    this.sliceStart = cpuNow();
    this.sliceStartWall = performance.now();
    try {
      return work();
    } finally {
      this.cpuUsedMs += cpuNow() - this.sliceStart;
      this.sliceStart = -1;
      // After the caller has freed the handles the slice gave it (an escaped error), never before.
      if (this.disposeAfterSlice) queueMicrotask(() => this.dispose());
    }
  }

  stop(reason: StopReason): void {
    this.stopped ??= reason;
  }

  /** Runs queued promise jobs; an error that escapes a job (only the uncatchable interrupt does) is returned. */
  runJobs(): QuickJSHandle | undefined {
    const result = this.slice(() => this.runtime.executePendingJobs());
    return result.error;
  }

  /** Frees something VM-owned (an unsettled deferred) before the context goes. */
  onDispose(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /** Frees the VM; asked from inside VM work (the tool's answer arrives there), it waits until that work has returned. */
  dispose(): void {
    if (this.disposed) return;
    if (this.sliceStart >= 0) {
      this.disposeAfterSlice = true;
      this.stopped ??= 'cancelled';
      return;
    }
    this.disposed = true;
    try {
      for (const c of this.cleanups.splice(0)) c();
      this.prepared.free();
    } catch {
      replaceModule();
    }
  }

  private shouldInterrupt(): boolean {
    if (this.stopped) return true;
    // The main thread's CPU time in a slice cannot exceed the slice's wall time, so the (cheap) clock
    // rules out most checks; process.cpuUsage() is a system call, once per check it was most of a warm run's cost.
    if (this.sliceStart < 0 || this.cpuUsedMs + (performance.now() - this.sliceStartWall) <= this.limits.cpuMs) return false;
    if (this.cpuUsedMs + (cpuNow() - this.sliceStart) > this.limits.cpuMs) {
      this.stopped = 'cpu';
      return true;
    }
    return false;
  }
}

/**
 * A short-lived VM for register-time work (compile checks, reading a tool file): CPU and memory
 * bounded, freed on every path, and a failed free (a leaked handle) swaps the module as above.
 */
export function withScratchVm<T>(module: QuickJSWASMModule, budgetMs: number, work: (vm: QuickJSContext) => T): T {
  const runtime = module.newRuntime();
  const started = performance.now();
  runtime.setInterruptHandler(() => performance.now() - started > budgetMs);
  runtime.setMemoryLimit(32 * 1024 * 1024);
  const vm = runtime.newContext({ intrinsics: SANDBOX_INTRINSICS });
  try {
    return work(vm);
  } finally {
    try {
      vm.dispose();
      runtime.dispose();
    } catch {
      replaceModule();
    }
  }
}
