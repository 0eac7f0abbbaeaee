import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { eventDetailSchema, eventPath, toEventDetail, type GoogleEvent } from './calendar-event.js';
import { calendarIdProperty } from './event-input.js';

interface Input { calendar_id?: string; event_id: string }

export const getEvent = defineTool<Input, ReturnType<typeof toEventDetail>>({
  definition: {
    name: 'google_calendar_get_event',
    display_name: 'Get Event',
    description: 'Read one event with its guests and their responses.',
    provider: 'google_calendar',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: {
        calendar_id: calendarIdProperty,
        event_id: { type: 'string', minLength: 1, maxLength: 1024 },
      },
      required: ['event_id'],
      additionalProperties: false,
    },
    output_schema: eventDetailSchema,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const e = await callGoogle<GoogleEvent>(ctx, { method: 'GET', path: eventPath(input.calendar_id ?? 'primary', input.event_id) }, `event ${input.event_id}`);
    return toEventDetail(e);
  },
});
