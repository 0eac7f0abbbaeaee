import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Re-reads state (keys) from the database for callers that just met something it lacks.
 * A caller's promise settles once a load that *began after its call* has finished: a load
 * already running may have read the database before the caller's row was written, so it is
 * waited out, not trusted. Callers asking meanwhile share the next load (single-flight).
 */
export class FreshReload {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly load: () => Promise<void>,
    /** Least time between loads started by `limited()`: a flood of made-up key ids costs one query per interval. */
    private readonly minIntervalMs: number,
  ) {}

  /** For callers the outside world cannot trigger at will (timer, rotation, issuance). */
  now(): Promise<void> {
    return (this.queued ??= this.schedule(0));
  }

  /** For callers a request can trigger (an unknown key id): waits for the interval instead of failing. */
  limited(): Promise<void> {
    return (this.queued ??= this.schedule(this.minIntervalMs));
  }

  private async schedule(intervalMs: number): Promise<void> {
    // Always yields at least once, so `queued` is set before it is cleared below.
    await this.running?.catch(() => undefined);
    const wait = this.lastStart + intervalMs - Date.now();
    if (wait > 0) await sleep(wait);
    this.queued = undefined;
    this.lastStart = Date.now();
    const run = this.load();
    this.running = run;
    try {
      await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }
}
