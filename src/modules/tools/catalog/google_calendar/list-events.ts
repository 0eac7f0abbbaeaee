import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { eventPath, eventSummarySchema, toEventSummary, type GoogleEvent } from './calendar-event.js';
import { calendarIdProperty } from './event-input.js';

interface Input { calendar_id?: string; time_min?: string; time_max?: string; query?: string; max_results?: number; cursor?: string }

export const listEvents = defineTool<Input, { events: ReturnType<typeof toEventSummary>[]; next_cursor: string | null }>({
  definition: {
    name: 'google_calendar_list_events',
    display_name: 'List Events',
    description: 'List events in a range, earliest first, recurrences expanded.',
    provider: 'google_calendar',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: {
        calendar_id: calendarIdProperty,
        time_min: { type: 'string', format: 'date-time', description: 'Default now' },
        time_max: { type: 'string', format: 'date-time' },
        query: { type: 'string', maxLength: 500, description: 'Free text' },
        max_results: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
        cursor: { type: 'string', maxLength: 500 },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { events: { type: 'array', items: eventSummarySchema }, next_cursor: { type: ['string', 'null'] } },
      required: ['events', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const calendarId = input.calendar_id ?? 'primary';
    const body = await callGoogle<{ items?: GoogleEvent[]; nextPageToken?: string }>(ctx, {
      method: 'GET',
      path: eventPath(calendarId),
      query: {
        // orderBy=startTime is only allowed with singleEvents=true (occurrences, not series).
        singleEvents: true,
        orderBy: 'startTime',
        timeMin: input.time_min ?? new Date().toISOString(),
        timeMax: input.time_max,
        q: input.query || undefined,
        maxResults: input.max_results ?? 25,
        pageToken: input.cursor,
      },
    }, `calendar ${calendarId}`);
    return { events: (body.items ?? []).map(toEventSummary), next_cursor: body.nextPageToken ?? null };
  },
});
