import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { McpEndpointRef } from '../endpoints/mcp-endpoint.js';
import type { McpCaller } from './mcp-caller.js';

/** One kind of bearer token an MCP endpoint accepts; `accepts` looks at its shape only. */
export interface McpTokenVerifier {
  accepts(token: string): boolean;
  /** The caller, or McpAuthError('invalid_token'); McpEndpointNotFound when the endpoint is not served. */
  verify(db: Kysely<Tables>, token: string, endpoint: McpEndpointRef, now: Date): Promise<McpCaller>;
}
