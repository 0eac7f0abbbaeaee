import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, cursorRequest, nextCursor, type GraphPage } from './graph-api.js';
import { EVENT_FIELDS, UTC, eventSummarySchema, toEventSummary, type GraphEvent } from './outlook-event.js';

interface Input { start: string; end: string; max_results?: number; cursor?: string }

export const listEvents = defineTool<Input, { events: ReturnType<typeof toEventSummary>[]; next_cursor: string | null }>({
  definition: {
    name: 'outlook_list_events',
    display_name: 'List Events',
    description: 'Events in a range, earliest first; times in UTC.',
    provider: 'outlook',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: {
        start: { type: 'string', format: 'date-time' },
        end: { type: 'string', format: 'date-time' },
        max_results: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
        cursor: { type: 'string', maxLength: 2000 },
      },
      required: ['start', 'end'],
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
    if (Date.parse(input.end) <= Date.parse(input.start)) throw new ToolFailure('end: must be after start');
    // calendarView (not /events) expands recurring series into the occurrences in the range.
    const req = input.cursor ? cursorRequest(input.cursor, /^\/v1\.0\/me\/calendarView$/i, UTC) : {
      method: 'GET' as const,
      path: `${GRAPH}/me/calendarView`,
      query: {
        startDateTime: new Date(input.start).toISOString(),
        endDateTime: new Date(input.end).toISOString(),
        $select: EVENT_FIELDS,
        $orderby: 'start/dateTime',
        $top: input.max_results ?? 25,
      },
      headers: UTC,
    };
    const page = await callGraph<GraphPage<GraphEvent>>(ctx, req, 'event list');
    return { events: (page.value ?? []).map(toEventSummary), next_cursor: nextCursor(page) };
  },
});
