import type { ToolAnnotations, ToolDefinition } from '../definition/tool-spec.js';
import type { DeclarativeImplementation } from '../declarative/declarative-format.js';
import { annotationsForMethod } from '../declarative/declarative-tool-spec.js';
import { validateDeclarative } from '../declarative/validate-declarative.js';
import { categoryOf, displayName, toolDescription } from './describe-operation.js';
import { DEFINITION_BUDGET_BYTES, definitionBytes, trimLevels, type InputLevel, type OutputLevel } from './fit-budget.js';
import { operationInput } from './operation-input.js';
import { operationOutput } from './operation-output.js';
import type { OperationRef } from './openapi-types.js';

export interface ImportedTool {
  definition: ToolDefinition;
  implementation: DeclarativeImplementation;
  annotations: ToolAnnotations;
  /** The operation it came from: its operationId, or `GET /path`. */
  operation: string;
  /** What was left out or shortened, for the import report. */
  notes: string[];
}

export interface SkippedOperation {
  operation: string;
  reason: string;
}

/** The tool at one trim level, and the bytes of its definition. */
function buildAt(ref: OperationRef, name: string, provider: string, level: InputLevel & OutputLevel): { tool: ImportedTool; bytes: number } {
  const input = operationInput(ref, { depth: level.inDepth, descMax: level.inDesc });
  const output = operationOutput(ref, { depth: level.outDepth, descMax: level.outDesc, maxProps: level.outProps });
  const definition: ToolDefinition = {
    name,
    display_name: displayName(ref),
    description: toolDescription(ref, level.toolDesc),
    provider,
    category: categoryOf(ref),
    input_schema: input.schema,
    output_schema: output.schema,
  };
  const implementation: DeclarativeImplementation = {
    method: ref.method,
    path: input.path,
    ...(input.query ? { query: input.query } : {}),
    ...(input.headers ? { headers: input.headers } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
    ...(output.output ? { output: output.output } : {}),
  };
  return { tool: { definition, implementation, annotations: annotationsForMethod(ref.method), operation: ref.label, notes: input.notes }, bytes: definitionBytes(definition) };
}

/** One operation as a tool at the loosest trim level that fits the budget, or why it cannot be one. */
export function toolFor(ref: OperationRef, name: string, provider: string): ImportedTool | SkippedOperation {
  let smallest = Infinity;
  for (const { input, output, loosest } of trimLevels()) {
    const level = { ...input, ...output };
    const { tool, bytes } = buildAt(ref, name, provider, level);
    if (bytes > DEFINITION_BUDGET_BYTES) {
      smallest = Math.min(smallest, bytes);
      continue;
    }
    const problems = validateDeclarative(tool.implementation, tool.definition);
    if (problems.length) return { operation: ref.label, reason: `its request cannot be described: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}` };
    if (!loosest) tool.notes.push(`trimmed to fit the ${DEFINITION_BUDGET_BYTES}-byte budget: input descriptions ≤ ${level.inDesc} characters, output ${level.outDepth} level(s) deep with ≤ ${level.outProps} fields per object`);
    return tool;
  }
  return { operation: ref.label, reason: `its definition needs ${smallest} bytes even trimmed, over the ${DEFINITION_BUDGET_BYTES}-byte budget; import fewer parameters by editing the document, or write the tool by hand` };
}
