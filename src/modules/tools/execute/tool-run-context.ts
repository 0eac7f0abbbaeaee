import type { BufferedAnswer, BufferedCall } from '../../proxy/upstream-call.js';
import type { ToolRequest, ToolResponse, ToolRunContext } from '../definition/tool-spec.js';
import { providerFailure } from './provider-failure.js';

/** The in-process upstream call (ProxyService.exchange): the proxy's machinery, without HTTP. */
export interface ToolUpstream {
  exchange(call: BufferedCall): Promise<BufferedAnswer>;
}

/** Where a tool's requests go: the account's connection, under the execution's deadline. */
export interface ToolCallTarget {
  envId: string;
  connectionName: string;
  identifier: string;
  signal: AbortSignal;
  /** The time left for this execution, read at each call. */
  remainingMs(): number;
}

/** `path?k=v&k=v2`: undefined values left out, arrays repeated, every part percent-encoded. */
export function targetOf(req: ToolRequest): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(item))}`);
  }
  return parts.length ? `${req.path}?${parts.join('&')}` : req.path;
}

function parseBody(answer: BufferedAnswer): unknown {
  if (answer.body.length === 0) return answer.headers['content-type']?.includes('json') ? undefined : '';
  const text = answer.body.toString('utf8');
  if (!answer.headers['content-type']?.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A tool's `ctx`: each request goes through the Tool Proxy's machinery in-process with the
 * account's credential injected; JSON or form bodies out, parsed JSON (or text) back, and a
 * non-2xx answer thrown as a tool failure unless the tool allowed that status.
 */
export function toolRunContext(upstream: ToolUpstream, target: ToolCallTarget): ToolRunContext {
  return {
    async request(req: ToolRequest, opts?: { allowStatus?: number[] }): Promise<ToolResponse> {
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      let body: Buffer | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = Buffer.from(JSON.stringify(req.json));
      } else if (req.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = Buffer.from(new URLSearchParams(req.form).toString());
      } else if (req.body !== undefined) {
        body = Buffer.from(req.body, 'utf8');
      }
      const answer = await upstream.exchange({
        envId: target.envId,
        connectionName: target.connectionName,
        identifier: target.identifier,
        method: req.method,
        target: targetOf(req),
        headers,
        body,
        signal: target.signal,
        timeoutMs: Math.max(1, target.remainingMs()),
      });
      const parsed = parseBody(answer);
      if ((answer.status < 200 || answer.status > 299) && !opts?.allowStatus?.includes(answer.status)) throw providerFailure(answer.status, answer.headers, parsed);
      return { status: answer.status, headers: answer.headers, body: parsed };
    },
  };
}
