import type { ToolSpec } from '../../definition/tool-spec.js';
import { addComment } from './add-comment.js';
import { createTicket } from './create-ticket.js';
import { getTicket } from './get-ticket.js';
import { listUsers } from './list-users.js';
import { searchTickets } from './search-tickets.js';
import { updateTicket } from './update-ticket.js';

/** The zendesk connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [searchTickets, getTicket, createTicket, updateTicket, addComment, listUsers];
