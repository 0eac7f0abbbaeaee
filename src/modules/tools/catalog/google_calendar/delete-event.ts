import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { eventPath } from './calendar-event.js';
import { calendarIdProperty, sendUpdatesProperty } from './event-input.js';

interface Input { calendar_id?: string; event_id: string; send_updates?: string }

export const deleteEvent = defineTool<Input, { event_id: string; deleted: boolean }>({
  definition: {
    name: 'google_calendar_delete_event',
    display_name: 'Delete Event',
    description: 'Delete an event, telling guests per send_updates.',
    provider: 'google_calendar',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: { calendar_id: calendarIdProperty, event_id: { type: 'string', minLength: 1, maxLength: 1024 }, send_updates: sendUpdatesProperty },
      required: ['event_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { event_id: { type: 'string' }, deleted: { type: 'boolean' } },
      required: ['event_id', 'deleted'],
    },
  },
  // Repeating it changes nothing more (Google answers 410 Gone), so idempotent; but it is destructive.
  annotations: { readOnly: false, destructive: true, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    await callGoogle(ctx, {
      method: 'DELETE',
      path: eventPath(input.calendar_id ?? 'primary', input.event_id),
      query: { sendUpdates: input.send_updates ?? 'all' },
    }, `event ${input.event_id}`);
    return { event_id: input.event_id, deleted: true };
  },
});
