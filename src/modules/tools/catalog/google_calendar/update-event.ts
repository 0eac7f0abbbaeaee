import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { eventSummarySchema, eventPath, toEventSummary, type GoogleEvent } from './calendar-event.js';
import { calendarIdProperty, checkRange, eventFieldProperties, sendUpdatesProperty, toEventBody, type EventFields } from './event-input.js';

interface Input extends EventFields { calendar_id?: string; event_id: string; send_updates?: string }

export const updateEvent = defineTool<Input, ReturnType<typeof toEventSummary>>({
  definition: {
    name: 'google_calendar_update_event',
    display_name: 'Update Event',
    description: 'Patch an event; attendees replace all guests.',
    provider: 'google_calendar',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: {
        calendar_id: calendarIdProperty,
        event_id: { type: 'string', minLength: 1, maxLength: 1024 },
        ...eventFieldProperties,
        send_updates: sendUpdatesProperty,
      },
      required: ['event_id'],
      additionalProperties: false,
    },
    output_schema: eventSummarySchema,
  },
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    checkRange(input.start, input.end);
    const body = toEventBody(input);
    if (Object.keys(body).length === 0) throw new ToolFailure('give at least one field to change (summary, start, end, description, location, attendees, add_google_meet)');
    const e = await callGoogle<GoogleEvent>(ctx, {
      method: 'PATCH',
      path: eventPath(input.calendar_id ?? 'primary', input.event_id),
      query: { sendUpdates: input.send_updates ?? 'all', conferenceDataVersion: input.add_google_meet ? 1 : undefined },
      json: body,
    }, `event ${input.event_id}`);
    return toEventSummary(e);
  },
});
