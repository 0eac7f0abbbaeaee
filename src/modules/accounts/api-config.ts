import type { FieldViolation } from '../errors/domain-error.js';

const MAX_API_CONFIG_BYTES = 16 * 1024;
const API_CONFIG_FIELD = 'connected_account.api_config';

/** The caller's api_config is stored as JSON; a bound keeps one account from bloating every read. */
export function apiConfigViolation(apiConfig: Record<string, unknown> | undefined): FieldViolation | undefined {
  if (apiConfig === undefined || JSON.stringify(apiConfig).length <= MAX_API_CONFIG_BYTES) return undefined;
  return { field: API_CONFIG_FIELD, description: `must be at most ${MAX_API_CONFIG_BYTES} bytes of JSON` };
}
