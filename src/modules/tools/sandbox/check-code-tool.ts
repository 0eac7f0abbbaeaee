import { quickjsModule } from './quickjs-module.js';
import { withScratchVm } from './vm-session.js';

/** Register-time bound on an implementation's source text. */
export const MAX_SOURCE_CHARS = 256 * 1024;
/** Compiling untrusted text runs no tool code, but a pathological one still gets a small budget. */
const COMPILE_BUDGET_MS = 1000;

/**
 * Why an implementation cannot run, or undefined when it can: it must compile in QuickJS as one
 * expression that is a function (`async (parameters, context) => …`, `async function (p, c) {…}`).
 * Evaluating a function expression only creates the function (its body does not run); text that
 * runs code on evaluation does so inside the sandbox, under a small CPU and memory budget.
 */
export function checkCodeTool(source: string): string | undefined {
  if (typeof source !== 'string' || !source.trim()) return 'must be the source text of a function: async (parameters, context) => { … }';
  if (source.length > MAX_SOURCE_CHARS) return `must be at most ${MAX_SOURCE_CHARS} characters`;
  return withScratchVm(quickjsModule(), COMPILE_BUDGET_MS, (vm) => {
    const result = vm.evalCode(`(\n${source}\n)`, 'implementation.js');
    if (result.error) {
      const e = vm.dump(result.error) as { name?: string; message?: string };
      result.error.dispose();
      return `does not compile: ${e?.name ?? 'SyntaxError'}: ${e?.message ?? 'invalid source'}`;
    }
    const kind = vm.typeof(result.value);
    result.value.dispose();
    return kind === 'function' ? undefined : `must be a function expression such as async (parameters, context) => { … }, not a ${kind}`;
  });
}
