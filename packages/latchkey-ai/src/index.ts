/**
 * @latchkey/ai: a user's scoped Agent Auth tools, listed and run through the official
 * `@scalekit-sdk/node` client (aimed at Latchkey or Scalekit). The framework adapters live in
 * their own entry points (`@latchkey/ai/vercel-ai`, `/langchain`, `/openai`, `/anthropic`),
 * so an app loads only the framework it uses.
 */
export { createToolkit, type Toolkit, type ToolkitOptions } from './toolkit.js';
export type { ToolDescriptor, ScopedToolFilterInit } from './scoped-tools.js';
export type { LinkOptions } from './authorization-link.js';
export { outcomeText, outcomeValue, type ToolOutcome } from './tool-outcome.js';
