import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { McpEndpointRef } from '../endpoints/mcp-endpoint.js';
import type { McpCaller } from './mcp-caller.js';

/** One kind of bearer token an MCP endpoint accepts; `accepts` looks at its shape only. */
export interface McpTokenVerifier {
  accepts(token: string): boolean;
  /** Whether a verified caller may be reused for a few seconds (McpCallerCache): only when every revocation path publishes a change. */
  cacheable?: boolean;
  /** The caller, or McpAuthError('invalid_token'); McpEndpointNotFound when the endpoint is not served. */
  verify(db: Kysely<Tables>, token: string, endpoint: McpEndpointRef, now: Date): Promise<McpCaller>;
}
