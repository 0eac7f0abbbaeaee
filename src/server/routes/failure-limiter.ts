/**
 * Failed attempts per caller address in a sliding window: past `max`, the address is refused
 * until the oldest failure ages out. Memory stays bounded (the map is cleared past `maxKeys`).
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length) this.failures.set(key, recent);
    else this.failures.delete(key);
    return recent.length >= this.max ? Math.ceil((recent[0] + this.windowMs - now) / 1000) : 0;
  }

  fail(key: string, now = Date.now()): void {
    if (this.failures.size >= this.maxKeys) this.failures.clear();
    const list = this.failures.get(key) ?? [];
    list.push(now);
    this.failures.set(key, list);
  }
}
