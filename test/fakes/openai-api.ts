import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback OpenAI API whose model is a script: `POST /v1/chat/completions` and
 * `POST /v1/responses` (non-streaming). Each request is checked as the real API does (bearer
 * key, required fields, function tool definitions, every tool output answering a call of the
 * conversation and every call answered) and the scripted turn comes back in the real response
 * envelope (`chat.completion`, `response`), or the real `{ error: { message, type, param, code } }`.
 */
export interface RecordedOpenAiRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A function call the scripted model makes: its name and JSON arguments. */
export interface ScriptedCall { id: string; name: string; arguments: string }
/** What the scripted model says to one request: text, or function calls. */
export interface ScriptedReply { text?: string; calls?: ScriptedCall[] }
/** The script sees the request body and, for the Responses API, the whole conversation (previous responses' input and output included). */
export type OpenAiScript = (req: { api: 'chat' | 'responses'; body: any; conversation: any[] }) => ScriptedReply;

export interface OpenAiFake {
  /** The base URL the client takes (`…/v1`). */
  baseURL: string;
  requests: RecordedOpenAiRequest[];
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly param: string | null = null, readonly type = 'invalid_request_error', readonly code: string | null = null) {
    super(message);
  }
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function checkTools(tools: any, chat: boolean): void {
  if (tools === undefined) return;
  if (!Array.isArray(tools)) throw new ApiError(400, "Invalid type for 'tools': expected an array.", 'tools');
  for (const [i, t] of tools.entries()) {
    const fn = chat ? t?.function : t;
    if (t?.type !== 'function') throw new ApiError(400, `Invalid value: '${t?.type}'. Supported values are: 'function' and 'custom'.`, `tools[${i}].type`);
    if (typeof fn?.name !== 'string' || !FUNCTION_NAME.test(fn.name)) {
      throw new ApiError(400, `Invalid '${chat ? `tools[${i}].function.name` : `tools[${i}].name`}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, chat ? `tools[${i}].function.name` : `tools[${i}].name`);
    }
    if (fn.parameters !== undefined && fn.parameters?.type !== 'object') {
      throw new ApiError(400, `Invalid schema for function '${fn.name}': schema must be a JSON Schema of 'type: "object"', got 'type: "${fn.parameters?.type}"'.`, chat ? `tools[${i}].function.parameters` : `tools[${i}].parameters`);
    }
  }
}

/** Chat Completions: a `tool` message answers a call of the assistant message before it; every call is answered. */
function checkChatMessages(messages: any): void {
  if (!Array.isArray(messages) || messages.length === 0) throw new ApiError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages');
  let pending = new Set<string>();
  for (const [i, m] of messages.entries()) {
    if (m.role === 'tool') {
      if (!pending.delete(m.tool_call_id)) throw new ApiError(400, "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${i}].role`);
      continue;
    }
    if (pending.size) {
      throw new ApiError(400, `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`, `messages.[${i}].role`);
    }
    pending = new Set(m.role === 'assistant' ? (m.tool_calls ?? []).map((c: any) => c.id) : []);
  }
}

/** Responses: every `function_call_output` answers a `function_call` of the conversation, and every call is answered. */
function checkConversation(items: any[]): void {
  const calls = new Set(items.filter((i) => i.type === 'function_call').map((i) => i.call_id));
  const outputs = new Set(items.filter((i) => i.type === 'function_call_output').map((i) => i.call_id));
  for (const o of outputs) if (!calls.has(o)) throw new ApiError(400, `No tool call found for function call output with call_id ${o}.`, 'input');
  for (const c of calls) if (!outputs.has(c)) throw new ApiError(400, `No tool output found for function call ${c}.`, 'input');
}

const asItems = (input: unknown): any[] => (typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : Array.isArray(input) ? input : []);

export async function startOpenAiFake(script: OpenAiScript): Promise<OpenAiFake> {
  const requests: RecordedOpenAiRequest[] = [];
  /** Stored responses, for previous_response_id: their whole conversation, output included. */
  const stored = new Map<string, any[]>();
  let served = 0;
  const created = () => Math.floor(Date.now() / 1000);

  function chatCompletion(body: any) {
    if (typeof body.model !== 'string') throw new ApiError(400, 'you must provide a model parameter', 'model');
    checkTools(body.tools, true);
    checkChatMessages(body.messages);
    const reply = script({ api: 'chat', body, conversation: body.messages });
    served += 1;
    const toolCalls = reply.calls?.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    return {
      id: `chatcmpl-fake${served}`, object: 'chat.completion', created: created(), model: body.model,
      choices: [{
        index: 0,
        message: { role: 'assistant', content: reply.text ?? null, refusal: null, ...(toolCalls?.length ? { tool_calls: toolCalls } : {}), annotations: [] },
        logprobs: null, finish_reason: toolCalls?.length ? 'tool_calls' : 'stop',
      }],
      usage: { prompt_tokens: 100 * served, completion_tokens: 20, total_tokens: 100 * served + 20,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
      service_tier: 'default', system_fingerprint: 'fp_fake',
    };
  }

  function response(body: any) {
    if (typeof body.model !== 'string') throw new ApiError(400, "Missing required parameter: 'model'.", 'model');
    checkTools(body.tools, false);
    const previous = body.previous_response_id === undefined ? [] : stored.get(body.previous_response_id);
    if (!previous) throw new ApiError(400, `Previous response with id '${body.previous_response_id}' not found.`, 'previous_response_id', 'invalid_request_error', 'previous_response_not_found');
    const conversation = [...previous, ...asItems(body.input)];
    checkConversation(conversation);
    const reply = script({ api: 'responses', body, conversation });
    served += 1;
    const id = `resp_fake${served}`;
    const output = [
      ...(reply.text ? [{ type: 'message', id: `msg_fake${served}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply.text, annotations: [], logprobs: [] }] }] : []),
      ...(reply.calls ?? []).map((c, i) => ({ type: 'function_call', id: `fc_fake${served}_${i}`, call_id: c.id, name: c.name, arguments: c.arguments, status: 'completed' })),
    ];
    if (body.store !== false) stored.set(id, [...conversation, ...output]);
    return {
      id, object: 'response', created_at: created(), status: 'completed', background: false, error: null, incomplete_details: null,
      instructions: body.instructions ?? null, max_output_tokens: null, metadata: {}, model: body.model, output,
      parallel_tool_calls: true, previous_response_id: body.previous_response_id ?? null, reasoning: { effort: null, summary: null },
      service_tier: 'default', store: body.store !== false, temperature: 1, text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: body.tool_choice ?? 'auto', tools: body.tools ?? [], top_p: 1, truncation: 'disabled',
      usage: { input_tokens: 100 * served, input_tokens_details: { cached_tokens: 0 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 100 * served + 20 },
      user: null,
    };
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${served}`, 'content-length': Buffer.byteLength(text) }).end(text);
    };
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    try {
      const handler = req.method === 'POST' && path === '/v1/chat/completions' ? chatCompletion : req.method === 'POST' && path === '/v1/responses' ? response : undefined;
      if (!handler) throw new ApiError(404, `Invalid URL (${req.method} ${path})`, null, 'invalid_request_error');
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        throw new ApiError(400, 'We could not parse the JSON body of your request.');
      }
      requests.push({ path, headers: req.headers, body });
      if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
        throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, 'invalid_request_error', 'missing_api_key');
      }
      send(200, handler(body));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      send(err.status, { error: { message: err.message, type: err.type, param: err.param, code: err.code } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    }),
  };
}
