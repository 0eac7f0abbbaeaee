import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, toRecipients } from './graph-api.js';
import { UTC, eventViewSchema, toEventView, type GraphEvent } from './outlook-event.js';

interface Input { subject: string; start: string; end: string; body?: string; location?: string; attendees?: string[]; online_meeting?: boolean }

/** Graph's dateTimeTimeZone, in UTC, from an RFC 3339 time with any offset. */
const utc = (t: string) => ({ dateTime: new Date(t).toISOString().replace(/Z$/, ''), timeZone: 'UTC' });

export const createEvent = defineTool<Input, ReturnType<typeof toEventView>>({
  definition: {
    name: 'outlook_create_event',
    display_name: 'Create Event',
    description: 'Create a calendar event; attendees are invited at once.',
    provider: 'outlook',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: {
        subject: { type: 'string', minLength: 1, maxLength: 255 },
        start: { type: 'string', format: 'date-time' },
        end: { type: 'string', format: 'date-time' },
        body: { type: 'string', maxLength: 8000 },
        location: { type: 'string', maxLength: 500 },
        attendees: { type: 'array', items: { type: 'string', format: 'email' }, maxItems: 100 },
        online_meeting: { type: 'boolean', default: false, description: 'Add a Teams link' },
      },
      required: ['subject', 'start', 'end'],
      additionalProperties: false,
    },
    output_schema: eventViewSchema,
  },
  // Invitations go out as soon as the event exists; a second call makes a second event.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    if (Date.parse(input.end) <= Date.parse(input.start)) throw new ToolFailure('end: must be after start');
    const e = await callGraph<GraphEvent>(ctx, {
      method: 'POST',
      path: `${GRAPH}/me/events`,
      headers: UTC,
      json: {
        subject: input.subject,
        start: utc(input.start),
        end: utc(input.end),
        ...(input.body !== undefined ? { body: { contentType: 'Text', content: input.body } } : {}),
        ...(input.location !== undefined ? { location: { displayName: input.location } } : {}),
        ...(input.attendees?.length ? { attendees: toRecipients(input.attendees).map((a) => ({ ...a, type: 'required' })) } : {}),
        ...(input.online_meeting ? { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' } : {}),
      },
    }, 'create event');
    return toEventView(e);
  },
});
