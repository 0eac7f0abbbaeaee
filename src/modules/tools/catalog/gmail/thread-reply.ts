import type { ToolRunContext } from '../../definition/tool-spec.js';
import { callGoogle, seg } from './google-api.js';
import { GMAIL, type GmailMessage } from './gmail-message.js';

/**
 * Gmail only threads a reply whose In-Reply-To/References name a message of the thread, so
 * replying by thread id looks up the Message-ID of the thread's latest message.
 */
export async function latestMessageIdHeader(ctx: ToolRunContext, threadId: string): Promise<string | undefined> {
  const thread = await callGoogle<{ messages?: GmailMessage[] }>(ctx, {
    method: 'GET',
    path: `${GMAIL}/threads/${seg(threadId)}`,
    query: { format: 'metadata', metadataHeaders: ['Message-ID'] },
  }, `thread ${threadId}`);
  const last = thread.messages?.at(-1);
  return last?.payload?.headers?.find((h) => h.name.toLowerCase() === 'message-id')?.value;
}
