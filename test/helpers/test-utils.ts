import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging/logger.js';

/** A random secret with a readable prefix, so a leak check can look for it in bodies and logs. */
export const secret = (prefix: string): string => `${prefix}-${randomBytes(16).toString('hex')}`;

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/**
 * The error a promise rejects with, for asserting on its fields. Fails the test if the promise
 * resolves, or rejects with something that is not a `type` (an Error when no type is given).
 */
export async function rejectionOf<E = Error>(p: Promise<unknown>, type?: abstract new (...args: never[]) => E): Promise<E> {
  const settled = await p.then(
    (value) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!settled.rejected) throw new Error(`expected a rejection, got ${String(settled.value)}`);
  if (!(settled.error instanceof (type ?? Error))) throw new Error(`expected ${type?.name ?? 'an Error'}, got ${String(settled.error)}`);
  return settled.error as E;
}

/** Polls until `check` returns a value that is not undefined (audit rows, background refreshes land later). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A debug logger whose lines land in `lines`, for tests that read what was logged. */
export function captureLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return createLogger('debug', sink as never);
}
