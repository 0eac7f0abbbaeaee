/** Declarative custom tools: one templated HTTP call over a connection (format: declarative-format.ts). */
export type { DeclarativeImplementation, DeclarativeOutput, JsonValue } from './declarative-format.js';
export { validateDeclarative, type DeclarativeProblem } from './validate-declarative.js';
export { declarativeToolSpec, annotationsForMethod } from './declarative-tool-spec.js';
