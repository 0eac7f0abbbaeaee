import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { ToolFailure, type ToolRequest, type ToolResponse, type ToolRunContext, type ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { runToolSpec } from '../../src/modules/tools/execute/run-tool-spec.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

/**
 * A context that sends a tool's requests straight to a loopback fake with a bearer token, as the
 * runtime's in-process proxy call does with the account's credential. Connector tests use it to
 * check each tool's request and shaped output; the end-to-end path (SDK → ExecuteTool) has its
 * own tests.
 */
export function fakeContext(baseUrl: string, token = 'test-access-token'): ToolRunContext {
  return {
    async request(req: ToolRequest, opts?: { allowStatus?: number[] }): Promise<ToolResponse> {
      const url = new URL(baseUrl.replace(/\/$/, '') + req.path);
      for (const [k, v] of Object.entries(req.query ?? {})) {
        if (v === undefined) continue;
        for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
      }
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...req.headers };
      let body: string | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(req.form).toString();
      } else if (req.body !== undefined) {
        body = req.body;
      }
      const res = await fetch(url, { method: req.method, headers, body });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      const parsed = type.includes('json') && text ? JSON.parse(text) : text;
      const out = { status: res.status, headers: Object.fromEntries(res.headers), body: parsed };
      if ((res.status < 200 || res.status > 299) && !opts?.allowStatus?.includes(res.status)) throw new ToolFailure(`provider answered ${res.status}`, res.status);
      return out;
    },
  };
}

/** Validates the input against input_schema, runs the tool, validates the output against output_schema. */
export async function runTool(spec: ToolSpec, input: unknown, ctx: ToolRunContext): Promise<any> {
  const validIn = ajv.compile(spec.definition.input_schema);
  expect(validIn(input), JSON.stringify(validIn.errors)).toBe(true);
  const output = await runToolSpec(spec, input, ctx);
  const validOut = ajv.compile(spec.definition.output_schema);
  expect(validOut(output), `${spec.definition.name} output: ${JSON.stringify(validOut.errors)}`).toBe(true);
  return output;
}
