import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { eventSummarySchema, eventPath, toEventSummary, type GoogleEvent } from './calendar-event.js';
import { calendarIdProperty, checkRange, eventFieldProperties, sendUpdatesProperty, toEventBody, type EventFields } from './event-input.js';

interface Input extends EventFields { calendar_id?: string; summary: string; start: string; end: string; send_updates?: string }

export const createEvent = defineTool<Input, ReturnType<typeof toEventSummary>>({
  definition: {
    name: 'google_calendar_create_event',
    display_name: 'Create Event',
    description: 'Create an event, optionally with guests and a Meet link.',
    provider: 'google_calendar',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: { calendar_id: calendarIdProperty, ...eventFieldProperties, send_updates: sendUpdatesProperty },
      required: ['summary', 'start', 'end'],
      additionalProperties: false,
    },
    output_schema: eventSummarySchema,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    checkRange(input.start, input.end);
    const e = await callGoogle<GoogleEvent>(ctx, {
      method: 'POST',
      path: eventPath(input.calendar_id ?? 'primary'),
      // conferenceDataVersion=1 is what makes Google honour a Meet createRequest.
      query: { sendUpdates: input.send_updates ?? 'all', conferenceDataVersion: input.add_google_meet ? 1 : undefined },
      json: toEventBody(input),
    }, 'create event');
    return toEventSummary(e);
  },
});
