import ts from 'typescript';

/**
 * Runs a published TypeScript snippet exactly as written: its types are stripped (the docs'
 * snippets assume looser types than the SDK declares, so they are not type-checked), its
 * `import … from 'm'` lines are bound to the modules given, its free names (`scalekit`,
 * `console`) to `scope`, and the top-level names listed in `returns` are handed back.
 */
export interface SnippetRun {
  scope: Record<string, unknown>;
  modules?: Record<string, Record<string, unknown>>;
  returns?: string[];
}

const IMPORT_LINE = /^import\s+(.+?)\s+from\s+'([^']+)';$/gm;

function bindImports(code: string, modules: Record<string, unknown>): string {
  return code.replace(IMPORT_LINE, (_line, what: string, from: string) => {
    if (!(from in modules)) throw new Error(`the snippet imports '${from}', which the test did not provide`);
    const source = `__modules[${JSON.stringify(from)}]`;
    return what.startsWith('{') ? `const ${what} = ${source};` : `const ${what} = ${source}.default;`;
  });
}

export async function runDocSnippet(code: string, run: SnippetRun): Promise<Record<string, unknown>> {
  const modules = run.modules ?? {};
  const names = Object.keys(run.scope);
  const body = bindImports(code, modules);
  const wrapped = `async function __snippet(__modules, ${names.join(', ')}) {\n${body}\nreturn { ${(run.returns ?? []).join(', ')} };\n}`;
  const { outputText, diagnostics } = ts.transpileModule(wrapped, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    reportDiagnostics: true,
  });
  if (diagnostics?.length) throw new Error(`the snippet does not parse: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
  const snippet = new Function(`${outputText}\nreturn __snippet;`)() as (...args: unknown[]) => Promise<Record<string, unknown>>;
  return snippet(modules, ...names.map((n) => run.scope[n]));
}
