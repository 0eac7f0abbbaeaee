import type { ScalekitClient } from '@scalekit-sdk/node';

/** What every example loop takes besides its model: the SDK client and the user whose Gmail it reads. */
export interface AgentInput {
  scalekit: ScalekitClient;
  identifier: string;
  /** The Gmail connection's name in this environment. */
  connectionName: string;
  /** The user's request; the seed's by default. */
  prompt?: string;
  /** Model turns before the loop gives up (each may call tools). */
  maxTurns?: number;
}

export const DEFAULT_MAX_TURNS = 5;
