import { invalidArgument } from '../../errors/domain-error.js';

/** What one code-tool execution may use. Every field has a safe default and a hard ceiling. */
export interface SandboxLimits {
  /** VM time summed over the execution's slices (host calls excluded), enforced by the interrupt handler. */
  cpuMs: number;
  /** From start to answer, host calls included (the caller's deadline may cut it shorter). */
  wallClockMs: number;
  /** QuickJS heap of the execution's runtime. */
  memoryBytes: number;
  /** QuickJS stack: deep recursion fails with a stack overflow past it. */
  stackBytes: number;
  /** The returned value, as JSON. */
  outputBytes: number;
  /** context.tools.execute / accounts / httpRequest calls in the whole tree of one execution. */
  hostCalls: number;
  /** How many code tools may be on one call stack (1: a code tool may call built-in tools but no code tool). */
  nestingDepth: number;
}

/**
 * Defaults sized for glue code (a few tool calls and some data shaping). The CPU budget is small on
 * purpose: the VM runs on the server's event loop, so a runaway holds it for at most cpuMs.
 */
export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  cpuMs: 250,
  wallClockMs: 30_000,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 256 * 1024,
  outputBytes: 1024 * 1024,
  hostCalls: 50,
  nestingDepth: 3,
});

/** What an environment may raise its limits to. */
export const MAX_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  cpuMs: 2_000,
  wallClockMs: 120_000,
  memoryBytes: 256 * 1024 * 1024,
  stackBytes: 1024 * 1024,
  outputBytes: 4 * 1024 * 1024,
  hostCalls: 500,
  nestingDepth: 5,
});

const MIN: Readonly<SandboxLimits> = { cpuMs: 10, wallClockMs: 100, memoryBytes: 1024 * 1024, stackBytes: 64 * 1024, outputBytes: 1024, hostCalls: 0, nestingDepth: 1 };

/**
 * An environment's `code_tool_limits` setting (any subset of SandboxLimits) checked field by field:
 * integers within [minimum, ceiling]; errors name the field.
 */
export function validateSandboxLimits(value: unknown, field = 'code_tool_limits'): Partial<SandboxLimits> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgument(field, 'must be an object of limits (cpuMs, wallClockMs, memoryBytes, stackBytes, outputBytes, hostCalls, nestingDepth)');
  const out: Partial<SandboxLimits> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(k in DEFAULT_SANDBOX_LIMITS)) throw invalidArgument(`${field}.${k}`, `is not a sandbox limit (${Object.keys(DEFAULT_SANDBOX_LIMITS).join(', ')})`);
    const key = k as keyof SandboxLimits;
    if (!Number.isInteger(v) || (v as number) < MIN[key] || (v as number) > MAX_SANDBOX_LIMITS[key]) {
      throw invalidArgument(`${field}.${k}`, `must be an integer from ${MIN[key]} to ${MAX_SANDBOX_LIMITS[key]}`);
    }
    out[key] = v as number;
  }
  return out;
}

/** The defaults with an environment's overrides on top. */
export const sandboxLimits = (overrides: Partial<SandboxLimits> = {}): SandboxLimits => ({ ...DEFAULT_SANDBOX_LIMITS, ...overrides });
