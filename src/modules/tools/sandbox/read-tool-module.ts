import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { invalidArgument } from '../../errors/domain-error.js';
import { checkCodeTool } from './check-code-tool.js';
import { quickjsModule } from './quickjs-module.js';
import { withScratchVm } from './vm-session.js';

const BUDGET_MS = 2000;
const MAX_FILE_CHARS = 1024 * 1024;

/** Functions become their source text, so the definition travels as JSON (the seed's `implementation` string). */
const TO_JSON = `(v) => JSON.stringify(v, (k, x) => typeof x === 'function' ? Function.prototype.toString.call(x) : x)`;
const IS_TOOL = `(v) => v !== null && typeof v === 'object' && typeof v.name === 'string' && typeof v.implementation === 'function'`;

const fail = (description: string) => invalidArgument('file', description);

/** `async implementation(p, c) {…}` (method shorthand) is not an expression; as a function expression it is. */
const asExpression = (source: string) => source.replace(/^(async\s+)?implementation\s*\(/, '$1function implementation(');

function unwrap(vm: QuickJSContext, r: ReturnType<QuickJSContext['evalCode']>, what: string): QuickJSHandle {
  if (!r.error) return r.value;
  const e = vm.dump(r.error) as { name?: string; message?: string };
  r.error.dispose();
  throw fail(`${what}: ${e?.name ?? 'Error'}: ${e?.message ?? 'failed'}`);
}

/** Runs the file and answers the expressions that may hold its tool: exports first, then top-level declarations. */
function candidates(vm: QuickJSContext, text: string): string[] {
  if (/^\s*export\s/m.test(text)) {
    const ns = unwrap(vm, vm.evalCode(text, 'tool.mjs', { type: 'module' }), 'does not run');
    const state = vm.getPromiseState(ns);
    if (state.type === 'fulfilled') {
      vm.setProp(vm.global, '__ns', state.value);
      if (!state.notAPromise) state.value.dispose();
    } else if (state.type === 'rejected') {
      state.error.dispose();
    }
    ns.dispose();
    const keysH = unwrap(vm, vm.evalCode('globalThis.__ns ? Object.keys(__ns) : []'), 'exports');
    const keys = vm.dump(keysH) as string[];
    keysH.dispose();
    return keys.map((k) => `__ns[${JSON.stringify(k)}]`);
  }
  unwrap(vm, vm.evalCode('globalThis.module = { exports: {} }; globalThis.exports = module.exports;'), 'setup').dispose();
  const script = vm.evalCode(text, 'tool.js');
  if (script.error && (vm.dump(script.error) as { name?: string })?.name === 'SyntaxError') {
    // A bare object literal (`{ name: …, implementation: … }`) is a block to a script parser.
    script.error.dispose();
    unwrap(vm, vm.evalCode(`globalThis.__bare = (\n${text}\n)`, 'tool.js'), 'does not run').dispose();
    return ['__bare'];
  }
  unwrap(vm, script, 'does not run').dispose();
  const declared = [...text.matchAll(/^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/gm)].map((m) => m[1]);
  return ['module.exports', 'module.exports.default', ...declared];
}

/**
 * Evaluates a `tool.js` (the seed's `const sendWelcomeEmail = {…}`, `export default {…}`,
 * `module.exports = {…}` or a bare object) in the sandbox, with no context and a small budget, and
 * returns the one tool it defines with `implementation` replaced by its source text.
 */
export function readToolModule(fileText: string): Record<string, unknown> {
  if (fileText.length > MAX_FILE_CHARS) throw fail(`must be at most ${MAX_FILE_CHARS} characters`);
  return withScratchVm(quickjsModule(), BUDGET_MS, (vm) => {
    const names = candidates(vm, fileText);
    const found: Array<{ name: string; json: string }> = [];
    const seen = new Set<string>();
    for (const name of names) {
      const r = vm.evalCode(`(() => { try { const v = ${name}; return (${IS_TOOL})(v) ? (${TO_JSON})(v) : undefined; } catch (e) { return undefined; } })()`);
      const json = r.error ? undefined : (vm.dump(r.value) as unknown);
      (r.error ?? r.value).dispose();
      if (typeof json === 'string' && !seen.has(json)) {
        seen.add(json);
        found.push({ name, json });
      }
    }
    if (found.length === 0) throw fail('defines no tool: expected an object with a string name and an implementation function (export default {…}, module.exports = {…} or const myTool = {…})');
    if (found.length > 1) throw fail(`defines ${found.length} tools (${found.map((f) => f.name.replace(/^__ns\["(.*)"\]$/, '$1')).join(', ')}); put one tool in each file`);
    const tool = JSON.parse(found[0].json) as Record<string, unknown>;
    tool.implementation = asExpression(String(tool.implementation));
    const why = checkCodeTool(tool.implementation as string);
    if (why) throw fail(`implementation ${why}`);
    return tool;
  });
}
