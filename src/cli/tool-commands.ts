import { builtinToolRegistry, type ToolRegistry } from '../modules/tools/registry/tool-registry.js';

/**
 * `latchkey tools list [--provider P]`: one line per built-in tool (name, provider, description),
 * in name order. The catalog is code, so no server data is needed.
 */
export function listToolsCommand(opts: { provider?: string }, registry: ToolRegistry = builtinToolRegistry()): void {
  const provider = opts.provider?.trim().toLowerCase();
  const tools = provider ? registry.byProvider(provider) : registry.all;
  if (!tools.length) {
    process.stdout.write(provider ? `no tools for provider ${opts.provider}\n` : 'no tools in the catalog\n');
    return;
  }
  const nameWidth = Math.max(...tools.map((t) => t.name.length)) + 2;
  const providerWidth = Math.max(...tools.map((t) => t.provider.length)) + 2;
  process.stdout.write(tools.map((t) => `${t.name.padEnd(nameWidth)}${t.provider.padEnd(providerWidth)}${t.spec.definition.description}`).join('\n') + '\n');
}
