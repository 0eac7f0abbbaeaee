import type { ToolSpec } from '../../definition/tool-spec.js';
import { createEvent } from './create-event.js';
import { getMessage } from './get-message.js';
import { listEvents } from './list-events.js';
import { listMessages } from './list-messages.js';
import { replyToMessage } from './reply-to-message.js';
import { sendEmail } from './send-email.js';

/** The outlook connector's tools (Microsoft Graph mail and calendar; one file per tool in this folder). */
export const tools: ToolSpec[] = [listMessages, getMessage, sendEmail, replyToMessage, listEvents, createEvent];
