/**
 * The one format of a tool, built-in or custom: a definition that is data (what an LLM sees, and
 * what ListTools serves as `Tool.definition`), plus how to run it against the provider's API.
 * Most tools are one upstream call: `request` builds it from the validated input and `shape`
 * trims the provider's answer to what a model needs. Tools that need several calls implement
 * `run` instead and use `ctx.request` for each.
 */
export type JsonSchema = Record<string, unknown>;

export interface ToolDefinition {
  /** `<provider>_<verb>_<noun>`, snake_case, unique across the catalog: `gmail_fetch_mails`. */
  name: string;
  display_name: string;
  /** One or two sentences for a model: what it does and when to use it. */
  description: string;
  /** The provider key in the catalog (`gmail`); the tool runs on a connection to it. */
  provider: string;
  category: string;
  input_schema: JsonSchema;
  output_schema: JsonSchema;
}

/** Honest hints for MCP clients and for the SDK's callers. */
export interface ToolAnnotations {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
}

/** One upstream call, relative to the connection's base URL (the provider's, or the connection's override). */
export interface ToolRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path after the base URL, each dynamic segment already encoded with encodeURIComponent. */
  path: string;
  /** Undefined values are left out; arrays repeat the parameter. */
  query?: Record<string, string | number | boolean | Array<string | number> | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (Slack's older methods, OAuth-style APIs). */
  form?: Record<string, string>;
  /** Sent as is, UTF-8, with the content-type the tool sets in `headers` (Drive's multipart upload). */
  body?: string;
}

export interface ToolResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the provider answered JSON, else the text. */
  body: unknown;
}

export interface ToolRunContext {
  /**
   * Calls the provider with the user's credential injected. A non-2xx answer throws a tool error
   * (the runtime maps 401/403/429/other to the right status); `allowStatus` lists statuses to
   * return instead (e.g. 404 for "not found" that a tool reports as data).
   */
  request(req: ToolRequest, opts?: { allowStatus?: number[] }): Promise<ToolResponse>;
}

export interface ToolSpec<In = any, Out = unknown> {
  definition: ToolDefinition;
  annotations: ToolAnnotations;
  /** Semantic version of the definition; bumps when the schemas change. */
  version: string;
  request?(input: In): ToolRequest;
  shape?(body: any, input: In, response: ToolResponse): Out;
  run?(input: In, ctx: ToolRunContext): Promise<Out>;
}

/** A tool error the provider caused, or one the tool raises for a model to read. */
export class ToolFailure extends Error {
  constructor(
    message: string,
    /** Upstream HTTP status, when a provider answer caused it. */
    readonly status?: number,
    /** The provider's own error code, short (`ratelimited`, `not_found`), when it gave one. */
    readonly providerCode?: string,
    /** Seconds from the provider's Retry-After, for 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ToolFailure';
  }
}

export const defineTool = <In, Out>(spec: ToolSpec<In, Out>): ToolSpec<In, Out> => spec;
