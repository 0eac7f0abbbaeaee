import { DomainError } from '../../errors/domain-error.js';
import type { ToolAnnotations, ToolDefinition, ToolSpec } from '../definition/tool-spec.js';
import type { DeclarativeImplementation } from './declarative-format.js';
import { buildRequest } from './build-request.js';
import { shapeOutput } from './shape-output.js';
import { validateDeclarative } from './validate-declarative.js';

/** Honest defaults from the method: reads are safe, PUT/DELETE repeatable, DELETE destroys. */
export function annotationsForMethod(method: string): ToolAnnotations {
  return {
    readOnly: method === 'GET',
    destructive: method === 'DELETE',
    idempotent: method === 'GET' || method === 'PUT' || method === 'DELETE',
  };
}

/**
 * A stored declarative implementation as a ToolSpec: `request` fills the templates, `shape` the
 * output selection, so it runs through the same in-process proxy path as a built-in tool. The
 * implementation is checked again here: one that no longer validates still lists (the rest of
 * the environment's tools must not break), but every execution of it fails with the reason.
 */
export function declarativeToolSpec(definition: ToolDefinition, impl: unknown, version: string, annotations?: ToolAnnotations): ToolSpec {
  const problems = validateDeclarative(impl, definition);
  const method = (impl as { method?: unknown } | null)?.method;
  const base = { definition, version, annotations: annotations ?? annotationsForMethod(typeof method === 'string' ? method : '') };
  if (problems.length) {
    const why = problems.slice(0, 5).map((p) => `${p.path} ${p.message}`).join('; ');
    const invalid = () => {
      throw new DomainError('failed_precondition', `tool '${definition.name}' has an invalid declarative implementation (${why}); register a corrected version`, { reason: 'TOOL_IMPLEMENTATION_INVALID' });
    };
    return { ...base, request: invalid };
  }
  const declared = JSON.parse(JSON.stringify(impl)) as DeclarativeImplementation;
  return {
    ...base,
    request: (input) => buildRequest(declared, input),
    shape: (body) => shapeOutput(body, declared.output),
  };
}
