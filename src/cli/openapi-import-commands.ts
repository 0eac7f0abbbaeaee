import fs from 'node:fs';
import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { importOpenApi, parseImportRequest } from '../modules/tools/openapi/index.js';
import { builtinToolRegistry } from '../modules/tools/registry/tool-registry.js';
import { withEnv } from './authorization-commands.js';
import { userPath } from './user-path.js';

export interface ImportOpenApiArgs {
  env: string;
  connection: string;
  file: string;
  tags: string[];
  operations: string[];
  prefix?: string;
  dryRun: boolean;
}

/**
 * `latchkey tools import-openapi --connection C --file api.yaml [--tag T …] [--operation ID …]
 * [--prefix P] [--dry-run] [--env E]`: one declarative tool per chosen operation, on connection C.
 */
export async function importOpenApiCommand(config: Config, log: Logger, args: ImportOpenApiArgs): Promise<void> {
  const path = userPath(args.file);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new DomainError('invalid_argument', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const request = parseImportRequest({
    connection_name: args.connection,
    document: text,
    ...(args.tags.length ? { tags: args.tags } : {}),
    ...(args.operations.length ? { operation_ids: args.operations } : {}),
    ...(args.prefix !== undefined ? { prefix: args.prefix } : {}),
    dry_run: args.dryRun,
  });
  await withEnv(config, log, args.env, async (core, env) => {
    const report = await importOpenApi(core.storage.db, builtinToolRegistry(), env.id, request);
    const verb = report.dry_run ? 'would register' : 'registered';
    const lines = [`${verb} ${report.tools.length} tool(s) on connection ${report.connection_name} (${report.provider}) in ${env.name}:`];
    for (const t of report.tools) {
      lines.push(`  ${t.name}${t.tool_version ? `@${t.tool_version}` : ''}  ← ${t.operation}`);
      for (const note of t.notes) lines.push(`      note: ${note}`);
    }
    if (report.skipped.length) lines.push(`skipped ${report.skipped.length} operation(s):`, ...report.skipped.map((s) => `  ${s.operation}: ${s.reason}`));
    process.stdout.write(lines.join('\n') + '\n');
  });
}
