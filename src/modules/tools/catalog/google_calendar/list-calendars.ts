import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';

interface Input { max_results?: number; cursor?: string }
interface CalendarListEntry { id: string; summary?: string; summaryOverride?: string; primary?: boolean; accessRole?: string; timeZone?: string }

export const listCalendars = defineTool<Input, { calendars: Array<{ id: string; name: string; primary: boolean; access_role: string; time_zone: string }>; next_cursor: string | null }>({
  definition: {
    name: 'google_calendar_list_calendars',
    display_name: 'List Calendars',
    description: 'List the user\'s calendars with their ids and access role.',
    provider: 'google_calendar',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: {
        max_results: { type: 'integer', minimum: 1, maximum: 250, default: 50 },
        cursor: { type: 'string', maxLength: 500 },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        calendars: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, name: { type: 'string' }, primary: { type: 'boolean' }, access_role: { type: 'string', enum: ['freeBusyReader', 'reader', 'writer', 'owner'] }, time_zone: { type: 'string' } },
            required: ['id', 'name'],
          },
        },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['calendars', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callGoogle<{ items?: CalendarListEntry[]; nextPageToken?: string }>(ctx, {
      method: 'GET', path: '/users/me/calendarList', query: { maxResults: input.max_results ?? 50, pageToken: input.cursor },
    }, 'calendar list');
    return {
      calendars: (body.items ?? []).map((c) => ({
        id: c.id, name: c.summaryOverride ?? c.summary ?? c.id, primary: c.primary ?? false, access_role: c.accessRole ?? 'reader', time_zone: c.timeZone ?? '',
      })),
      next_cursor: body.nextPageToken ?? null,
    };
  },
});
