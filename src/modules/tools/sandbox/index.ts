export { checkCodeTool, MAX_SOURCE_CHARS } from './check-code-tool.js';
export { readToolModule } from './read-tool-module.js';
export { runCodeTool, type RunCodeToolOptions } from './run-code-tool.js';
export type { CodeToolHost, HostCallName } from './code-tool-host-api.js';
export { DEFAULT_SANDBOX_LIMITS, MAX_SANDBOX_LIMITS, sandboxLimits, validateSandboxLimits, type SandboxLimits } from './sandbox-limits.js';
export { createCodeToolHost, HostCallBudget, type CodeToolHostOptions } from './code-tool-host.js';
export { sandboxLimitsFor, setSandboxLimits } from './environment-limits.js';
