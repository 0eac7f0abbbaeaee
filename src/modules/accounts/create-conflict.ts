import type { ConnectedAccountRow } from '../../storage/schema.js';
import type { Vault } from '../vault/vault.js';
import { readAccountCredentials } from './account-credentials.js';
import { canonicalJson } from './canonical-json.js';
import type { CheckedAuthorization } from './validate-authorization.js';

/** What a CreateConnectedAccount asked for, as compared with the account that already holds its identifier. */
export interface CreateWish {
  organizationId?: string;
  userId?: string;
  apiConfig?: Record<string, unknown>;
  checked?: CheckedAuthorization;
}

const sorted = (xs: string[]) => [...xs].sort();

/**
 * Why a create cannot be answered with the account that already holds the identifier, or
 * undefined when it can (the SDK's getOrCreate races end here). A create conflicts when it names
 * something the account does not have: another organization_id or user_id, another api_config, or
 * credentials the account does not hold while ACTIVE. A create without credentials never changes
 * an account, whatever its status; new credentials go through UpdateConnectedAccount.
 */
export async function createConflict(vault: Vault, row: ConnectedAccountRow, wish: CreateWish): Promise<string | undefined> {
  if (wish.organizationId && wish.organizationId !== row.organization_id) return 'another organization_id';
  if (wish.userId && wish.userId !== row.user_id) return 'another user_id';
  if (wish.apiConfig !== undefined && canonicalJson(wish.apiConfig) !== canonicalJson(JSON.parse(row.api_config))) return 'another api_config';
  if (!wish.checked) return undefined;
  if (row.status !== 'ACTIVE') return `no credentials in use (it is ${row.status})`;
  // awaited: opening a ciphertext may need to load a data key first
  const stored = await readAccountCredentials(vault, row);
  const same =
    canonicalJson(stored) === canonicalJson(wish.checked.credentials) &&
    canonicalJson(JSON.parse(row.account_fields)) === canonicalJson(wish.checked.accountFields) &&
    canonicalJson(sorted(JSON.parse(row.scopes) as string[])) === canonicalJson(sorted(wish.checked.scopes));
  return same ? undefined : 'other credentials';
}
