import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Anthropic Messages API (`POST /v1/messages`) whose model is a script: it checks a
 * request as the real API does (API key — `x-api-key`, or the bearer token the 1.x SDK sends —,
 * version header, required fields, tool definitions,
 * every `tool_result` answering a `tool_use` of the message before) and answers the scripted
 * content in the real response envelope, or the real error envelope.
 */
export interface RecordedMessagesRequest {
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** What the scripted model says to one request: content blocks and why it stopped. */
export type ScriptedTurn = (body: any) => { content: unknown[]; stop_reason: 'end_turn' | 'tool_use' };

export interface AnthropicFake {
  url: string;
  requests: RecordedMessagesRequest[];
  close(): Promise<void>;
}

/** The API key a request carries, in either header the API takes. */
export const apiKeyOf = (headers: http.IncomingHttpHeaders): string | undefined =>
  (headers['x-api-key'] as string | undefined) ?? headers.authorization?.match(/^Bearer (\S+)$/)?.[1];

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The first thing the real API would refuse in `body`, as its message; undefined when valid. */
function invalid(body: any): string | undefined {
  if (typeof body?.model !== 'string') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  for (const [i, t] of (body.tools ?? []).entries()) {
    if (typeof t?.name !== 'string' || !TOOL_NAME.test(t.name)) return `tools.${i}.name: String should match pattern '${TOOL_NAME.source}'`;
    if (t.description !== undefined && typeof t.description !== 'string') return `tools.${i}.description: Input should be a valid string`;
    if (t.input_schema?.type !== 'object') return `tools.${i}.input_schema.type: Input should be 'object'`;
  }
  for (const [i, m] of body.messages.entries()) {
    if (!Array.isArray(m.content)) continue;
    const previous = body.messages[i - 1];
    const asked = new Set(Array.isArray(previous?.content) ? previous.content.filter((b: any) => b.type === 'tool_use').map((b: any) => b.id) : []);
    for (const [j, b] of m.content.entries()) {
      if (b.type === 'tool_result' && !asked.has(b.tool_use_id)) {
        return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
  }
  return undefined;
}

export async function startAnthropicFake(script: ScriptedTurn): Promise<AnthropicFake> {
  const requests: RecordedMessagesRequest[] = [];
  let served = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${served}`, 'content-length': Buffer.byteLength(text) }).end(text);
    };
    const error = (status: number, type: string, message: string) => send(status, { type: 'error', error: { type, message } });
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://fake').pathname !== '/v1/messages') return error(404, 'not_found_error', 'Not found');
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return error(400, 'invalid_request_error', 'The request body is not valid JSON.');
    }
    requests.push({ headers: req.headers, body });
    if (!apiKeyOf(req.headers)) return error(401, 'authentication_error', 'x-api-key header is required');
    if (!req.headers['anthropic-version']) return error(400, 'invalid_request_error', 'anthropic-version: header is required');
    const refused = invalid(body);
    if (refused) return error(400, 'invalid_request_error', refused);
    const turn = script(body);
    served += 1;
    send(200, {
      id: `msg_fake_${served}`, type: 'message', role: 'assistant', model: body.model, content: turn.content,
      stop_reason: turn.stop_reason, stop_sequence: null, stop_details: null, container: null, diagnostics: null,
      usage: { input_tokens: 100 * served, output_tokens: 20, cache_creation: null, cache_creation_input_tokens: null, cache_read_input_tokens: null,
        inference_geo: null, output_tokens_details: null, server_tool_use: null, service_tier: 'standard', speed: null },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    }),
  };
}
