/**
 * One in-flight promise per key: callers that ask while it runs share its outcome (value or
 * error) instead of starting their own. In-process only; replicas coordinate through the
 * database lock (refresh-lock.ts).
 */
export class SingleFlight<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running;
    const flight = (async () => {
      try {
        return await work();
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, flight);
    return flight;
  }

  /** Flights running now (for tests and metrics). */
  get size(): number {
    return this.inflight.size;
  }
}
