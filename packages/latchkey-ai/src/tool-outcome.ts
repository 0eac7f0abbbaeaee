/** What running one tool call came to, in a form every adapter turns into its own result. */
export type ToolOutcome =
  | { status: 'ok'; data: Record<string, unknown>; executionId: string }
  /** The account is missing or not ACTIVE: the user must (re)authorize, through the link when one could be issued. */
  | { status: 'not_connected'; message: string; authorizationLink?: string }
  /** A provider failure (TOOL_ERROR) or an input the server refused: short, for the model to read. */
  | { status: 'error'; message: string; code: string };

/** The outcome as tool-result text: the data as JSON, or the message. */
export const outcomeText = (o: ToolOutcome): string => (o.status === 'ok' ? JSON.stringify(o.data) : o.message);

/** The outcome as a JSON value, for frameworks whose tool results are objects (Vercel AI SDK). */
export function outcomeValue(o: ToolOutcome): Record<string, unknown> {
  if (o.status === 'ok') return o.data;
  if (o.status === 'not_connected') return { error: 'not_connected', message: o.message, ...(o.authorizationLink ? { authorization_link: o.authorizationLink } : {}) };
  return { error: o.code, message: o.message };
}

export const isErrorOutcome = (o: ToolOutcome): boolean => o.status !== 'ok';
