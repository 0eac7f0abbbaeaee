import type { Logger } from '../../../logging/logger.js';
import type { ToolExecutionDeps } from '../../tools/execute/execute-tool.js';
import type { ChangeFeed } from '../../changes/change-feed.js';

/** What the MCP protocol servers need from the rest of Latchkey (wired in app.ts). */
export interface McpProtocolDeps {
  /** The ExecuteTool pipeline's own dependencies: tools/call runs exactly that path. */
  execution: ToolExecutionDeps;
  publicUrl: string;
  /** What this process changes: the endpoints' cached tools are dropped at once (endpoint-tool-cache.ts). */
  changes?: ChangeFeed;
  /** Tools per tools/list page. */
  pageSize: number;
  log: Logger;
  /** Logs an unexpected error and returns the id a client can quote; the error itself never reaches the wire. */
  report(err: unknown): string;
}
