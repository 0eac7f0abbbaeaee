import type { ToolAlias } from './alias-spec.js';
import { createChannel } from './create-channel.js';
import { createEvent } from './create-event.js';
import { createJiraProject } from './create-jira-project.js';
import { fetchEvents } from './fetch-events.js';
import { fetchIssues } from './fetch-issues.js';
import { findAvailableSlots } from './find-available-slots.js';
import { sendEmail } from './send-email.js';
import { sendMessage } from './send-message.js';

/**
 * The provider-neutral names a code tool may pass to context.tools.execute (the seed's examples
 * use them), each resolved against the user's ACTIVE accounts to a catalog tool (README, "Code tools").
 */
export const TOOL_ALIASES: ReadonlyMap<string, ToolAlias> = new Map(
  [sendEmail, sendMessage, createChannel, createEvent, findAvailableSlots, fetchIssues, fetchEvents, createJiraProject].map((a) => [a.name, a]),
);
