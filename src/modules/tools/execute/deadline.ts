import { DeadlineError } from './tool-errors.js';

/**
 * Of the caller's deadline this much is left for the answer to travel back, so a call that runs
 * out answers DeadlineExceeded as a tool error before the caller gives up on its own.
 */
const MARGIN_MS = 100;

/** One execution's time budget: the shorter of the caller's deadline and the connection's timeout_ms. */
export class ExecutionDeadline {
  readonly budgetMs: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly callerSignal: AbortSignal | undefined;
  private readonly cancelled = () => this.controller.abort(new DeadlineError(this.budgetMs, 'the caller cancelled the call'));

  constructor(connectionTimeoutMs: number, callerRemainingMs: number | undefined, callerSignal?: AbortSignal) {
    const caller = callerRemainingMs === undefined ? Infinity : Math.max(0, callerRemainingMs - Math.min(MARGIN_MS, callerRemainingMs / 10));
    this.budgetMs = Math.max(0, Math.floor(Math.min(connectionTimeoutMs, caller)));
    this.endsAt = Date.now() + this.budgetMs;
    const why = caller < connectionTimeoutMs ? "the caller's deadline" : "the connection's timeout_ms";
    this.timer = setTimeout(() => this.controller.abort(new DeadlineError(this.budgetMs, why)), this.budgetMs);
    this.timer.unref();
    this.callerSignal = callerSignal;
    if (callerSignal?.aborted) this.cancelled(); // an abort event never fires again for an already aborted signal
    else callerSignal?.addEventListener('abort', this.cancelled, { once: true });
  }

  /** Milliseconds left of the budget (negative once it has passed). */
  remainingMs(): number {
    return this.endsAt - Date.now();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** `work`, or the deadline's error once it passes (whichever comes first). */
  race<T>(work: Promise<T>): Promise<T> {
    const signal = this.controller.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** The run is over: the caller's signal, aborted by the RPC layer once the call ends, must not build an error for nobody. */
  done(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.cancelled);
  }
}
