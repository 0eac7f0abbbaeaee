/** What a code tool's `context` asks of the server; each answer is plain JSON. */
export type HostCallName = 'tools.execute' | 'accounts.get' | 'accounts.list' | 'utils.httpRequest';

/**
 * The server side of one execution's `context` (createCodeToolHost builds the real one). Failures
 * are DomainErrors: the tool sees their message and code, as a `ToolExecutionError` it may catch.
 */
export interface CodeToolHost {
  call(name: HostCallName, args: unknown, signal: AbortSignal): Promise<unknown>;
  generateId(): string;
  /** The tool's console lines (at most 100 per execution, 2000 characters each). */
  log?(level: string, text: string): void;
}
