/** The gRPC status codes read here (stable across gRPC; no dependency on connect-es for four numbers). */
const Code = { InvalidArgument: 3, NotFound: 5, FailedPrecondition: 9, OutOfRange: 11 } as const;

/**
 * What the adapters read of a failed SDK call. Duck-typed on ScalekitServerException's getters
 * (grpcStatus, errorCode = the first ErrorInfo reason, and the tool fields of its tool
 * exceptions), so a second copy of the SDK in the app's tree still matches.
 */
export interface ServerError {
  grpcStatus: number;
  reason: string;
  message: string;
  toolErrorCode?: string;
  toolErrorMessage?: string;
}

export function asServerError(err: unknown): ServerError | undefined {
  if (!(err instanceof Error) || typeof (err as any).grpcStatus !== 'number') return undefined;
  const e = err as Error & { grpcStatus: number; errorCode?: string | null; isToolError?: boolean; toolErrorCode?: string; toolErrorMessage?: string };
  return {
    grpcStatus: e.grpcStatus,
    reason: e.errorCode ?? '',
    // connect-es prefixes the code ("[failed_precondition] …"); the model needs only the sentence.
    message: e.message.replace(/^\[[a-z_]+\]\s*/, ''),
    toolErrorCode: e.isToolError ? e.toolErrorCode : undefined,
    toolErrorMessage: e.isToolError ? e.toolErrorMessage : undefined,
  };
}

/** Reasons that mean the user must (re)authorize the account: missing, or in a status other than ACTIVE. */
const NOT_CONNECTED = /^CONNECTED_ACCOUNT_(?!AMBIGUOUS$|CREDENTIALS_REJECTED$)[A-Z_]+$/;

export const isNotConnected = (e: ServerError): boolean => NOT_CONNECTED.test(e.reason);
export const isToolError = (e: ServerError): boolean => e.reason === 'TOOL_ERROR' || e.toolErrorCode !== undefined;

/**
 * Refusals the model can act on (bad input, a tool or account it named wrongly), so they are
 * results, not exceptions. Anything else (the app's own credentials refused, the server down)
 * is the developer's to see and stays thrown.
 */
export const isModelReadable = (e: ServerError): boolean =>
  e.grpcStatus === Code.InvalidArgument || e.grpcStatus === Code.FailedPrecondition || e.grpcStatus === Code.NotFound || e.grpcStatus === Code.OutOfRange;
