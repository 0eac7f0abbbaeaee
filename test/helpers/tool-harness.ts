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

/** Whether the tool's input_schema accepts the input (the schema check the runtime does before a call). */
export const acceptsInput = (spec: ToolSpec, input: unknown): boolean => ajv.compile(spec.definition.input_schema)(input) as boolean;

/** Runs a tool that must fail and returns its ToolFailure. */
export async function toolFailure(spec: ToolSpec, input: unknown, ctx: ToolRunContext): Promise<ToolFailure> {
  const err = await runTool(spec, input, ctx).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ToolFailure);
  return err as ToolFailure;
}

/**
 * The checks every connector's catalog passes: the listed names (in order, `sorted`, or at least
 * these, `includes`), unique; one provider; version 1.0.0; each definition within the 2 KB budget;
 * and, unless `strictInput: false`, inputs that refuse unknown properties.
 */
export function expectConnectorShape(
  tools: readonly ToolSpec[],
  opts: { provider: string; names: string[]; match?: 'exact' | 'sorted' | 'includes'; strictInput?: boolean },
): void {
  const names = tools.map((t) => t.definition.name);
  if (opts.match === 'includes') expect(names).toEqual(expect.arrayContaining(opts.names));
  else expect(opts.match === 'sorted' ? [...names].sort() : names).toEqual(opts.names);
  expect(new Set(names).size).toBe(names.length);
  for (const t of tools) {
    expect(t.definition.provider).toBe(opts.provider);
    expect(t.version).toBe('1.0.0');
    if (opts.strictInput !== false) expect(t.definition.input_schema.additionalProperties, t.definition.name).toBe(false);
    expect(JSON.stringify(t.definition).length, t.definition.name).toBeLessThanOrEqual(2048);
  }
}
