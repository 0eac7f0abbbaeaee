import { invalidArgument } from '../../modules/errors/domain-error.js';

/** A non-negative integer query parameter (`page_size`, `status`), undefined when absent or empty. */
export function integerParam(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw invalidArgument(name, `must be a positive integer (got '${String(raw).slice(0, 40)}')`);
  return n;
}
