import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { createAuthorizationLink } from '../../authorization/links.js';
import type { McpCaller } from '../auth/mcp-caller.js';
import type { EndpointTool } from './endpoint-tools.js';

/** A fresh authorization link for the caller's account on the tool's connection, and what to tell the user. */
export interface AuthorizationPrompt {
  url: string;
  message: string;
}

/**
 * Issues the link through the same domain code as GetMagicLinkForConnectedAccount (the account
 * is created PENDING_AUTH when missing). Only the link reaches the client: the provider's tokens
 * stay in the vault. A link that cannot be issued (no user verification configured, say) is the
 * DomainError saying how to fix it.
 */
export async function authorizationPrompt(db: Kysely<Tables>, publicUrl: string, caller: McpCaller, t: EndpointTool): Promise<AuthorizationPrompt> {
  const issued = await createAuthorizationLink(db, caller.envId, publicUrl, {
    connector: t.connectionName,
    identifier: caller.identifier,
    userVerifyUrl: caller.endpoint.userVerifyUrl,
  });
  return {
    url: issued.link,
    message: `To use ${t.tool.spec.definition.display_name} (${t.mcpName}), connect your ${t.tool.provider} account on connection '${t.connectionName}': open ${issued.link} (valid until ${issued.expiresAt.toISOString()}), then call the tool again.`,
  };
}
