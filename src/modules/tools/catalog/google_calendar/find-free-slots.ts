import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { freeGaps, mergeBusy, type Interval } from './free-slots.js';

interface Input { calendar_ids?: string[]; time_min: string; time_max: string; duration_minutes?: number }
interface FreeBusyResponse {
  calendars?: Record<string, { busy?: Array<{ start: string; end: string }>; errors?: Array<{ reason?: string }> }>;
}

const MAX_SLOTS = 50;
const iso = (i: Interval) => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString() });

export const findFreeSlots = defineTool<Input, { free_slots: Array<{ start: string; end: string }>; busy: Array<{ start: string; end: string }>; unavailable_calendars: Array<{ calendar_id: string; reason: string }> }>({
  definition: {
    name: 'google_calendar_find_free_slots',
    display_name: 'Find Free Slots',
    description: 'Find times in a range when all given calendars are free for duration_minutes. UTC.',
    provider: 'google_calendar',
    category: 'calendar',
    input_schema: {
      type: 'object',
      properties: {
        calendar_ids: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, minItems: 1, maxItems: 20, default: ['primary'], description: 'Calendar ids or emails' },
        time_min: { type: 'string', format: 'date-time' },
        time_max: { type: 'string', format: 'date-time' },
        duration_minutes: { type: 'integer', minimum: 5, maximum: 1440, default: 30 },
      },
      required: ['time_min', 'time_max'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        free_slots: { type: 'array', items: { $ref: '#/$defs/slot' }, description: `At most ${MAX_SLOTS}` },
        busy: { type: 'array', items: { $ref: '#/$defs/slot' }, description: 'Merged' },
        unavailable_calendars: { type: 'array', items: { type: 'object', properties: { calendar_id: { type: 'string' }, reason: { type: 'string' } } } },
      },
      required: ['free_slots', 'busy', 'unavailable_calendars'],
      $defs: { slot: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } }, required: ['start', 'end'] } },
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const from = Date.parse(input.time_min);
    const to = Date.parse(input.time_max);
    if (to <= from) throw new ToolFailure('time_max: must be after time_min');
    const ids = input.calendar_ids ?? ['primary'];
    const res = await callGoogle<FreeBusyResponse>(ctx, {
      method: 'POST',
      path: '/freeBusy',
      json: { timeMin: input.time_min, timeMax: input.time_max, items: ids.map((id) => ({ id })) },
    }, 'free/busy query');
    const busy: Interval[] = [];
    const unavailable: Array<{ calendar_id: string; reason: string }> = [];
    for (const [id, cal] of Object.entries(res.calendars ?? {})) {
      // A calendar the user cannot see answers errors (notFound, ...) and no busy times: report it, don't treat it as free.
      if (cal.errors?.length) unavailable.push({ calendar_id: id, reason: cal.errors[0].reason ?? 'unknown' });
      for (const b of cal.busy ?? []) busy.push({ start: Date.parse(b.start), end: Date.parse(b.end) });
    }
    const merged = mergeBusy(busy);
    const minMs = (input.duration_minutes ?? 30) * 60_000;
    return { free_slots: freeGaps(from, to, merged, minMs, MAX_SLOTS).map(iso), busy: merged.map(iso), unavailable_calendars: unavailable };
  },
});
