import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, cursorRequest, nextCursor, seg, type GraphPage } from './graph-api.js';
import { SUMMARY_FIELDS, messageSummarySchema, toMessageSummary, type GraphMessage } from './outlook-message.js';

interface Input { search?: string; folder?: string; unread_only?: boolean; from?: string; received_after?: string; max_results?: number; cursor?: string }

const FOLDERS = ['inbox', 'sentitems', 'drafts', 'archive', 'deleteditems', 'junkemail'];

/** The OData $filter for the structured filters, so a model never writes OData. */
function filterOf(input: Input): string | undefined {
  const terms: string[] = [];
  if (input.unread_only) terms.push('isRead eq false');
  if (input.from) terms.push(`from/emailAddress/address eq '${input.from.replace(/'/g, "''")}'`);
  if (input.received_after) terms.push(`receivedDateTime ge ${new Date(input.received_after).toISOString()}`);
  return terms.length ? terms.join(' and ') : undefined;
}

export const listMessages = defineTool<Input, { messages: ReturnType<typeof toMessageSummary>[]; next_cursor: string | null }>({
  definition: {
    name: 'outlook_list_messages',
    display_name: 'List Emails',
    description: 'List or search emails, newest first, with previews. search excludes the other filters.',
    provider: 'outlook',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        search: { type: 'string', minLength: 1, maxLength: 500, description: 'KQL, e.g. "from:ana plan"' },
        folder: { type: 'string', enum: FOLDERS },
        unread_only: { type: 'boolean' },
        from: { type: 'string', format: 'email' },
        received_after: { type: 'string', format: 'date-time' },
        max_results: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
        cursor: { type: 'string', maxLength: 2000 },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { messages: { type: 'array', items: messageSummarySchema }, next_cursor: { type: ['string', 'null'] } },
      required: ['messages', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const filter = filterOf(input);
    // Graph refuses $search together with $filter (and with $orderby) on messages.
    if (input.search && filter) throw new ToolFailure('search: cannot be combined with unread_only, from or received_after; use KQL terms instead (e.g. "isread:false from:ana")');
    const path = `${GRAPH}/me${input.folder ? `/mailFolders/${seg(input.folder)}` : ''}/messages`;
    const req = input.cursor ? cursorRequest(input.cursor, /^\/v1\.0\/me\/(mailFolders\/[^/]+\/)?messages$/) : {
      method: 'GET' as const,
      path,
      query: {
        $select: SUMMARY_FIELDS,
        $top: input.max_results ?? 10,
        $search: input.search ? `"${input.search.replace(/["\\]/g, '\\$&')}"` : undefined,
        $filter: filter,
        // Graph also refuses an $orderby whose property is not the first of a $filter.
        $orderby: input.search || filter ? undefined : 'receivedDateTime desc',
      },
    };
    const page = await callGraph<GraphPage<GraphMessage>>(ctx, req, 'message list');
    return { messages: (page.value ?? []).map(toMessageSummary), next_cursor: nextCursor(page) };
  },
});
