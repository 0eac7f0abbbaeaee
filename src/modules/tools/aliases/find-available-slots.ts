import { invalidArgument } from '../../errors/domain-error.js';
import { list, type Params, type ToolAlias } from './alias-spec.js';

const DAY_MS = 86_400_000;
/** How far ahead slots are looked for when the call names no range. */
const DEFAULT_WINDOW_DAYS = 7;
const MAX_ATTENDEE_CALENDARS = 19;

function minutes(p: Params): number {
  const d = p.duration;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 5 || d > 1440) throw invalidArgument('find_available_slots.parameters.duration', 'must be a whole number of minutes from 5 to 1440');
  return d;
}

function range(p: Params): { from: string; to: string } {
  const from = typeof p.start_time === 'string' && !Number.isNaN(Date.parse(p.start_time)) ? new Date(p.start_time) : new Date(Math.ceil(Date.now() / 900_000) * 900_000);
  const to = typeof p.end_time === 'string' && !Number.isNaN(Date.parse(p.end_time)) ? new Date(p.end_time) : new Date(from.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS);
  return { from: from.toISOString(), to: to.toISOString() };
}

/**
 * The free gaps cut into slots of `duration` minutes (the first slot of each gap), with slots at a
 * preferred time (an ISO date-time inside a gap) first.
 */
function slots(out: Record<string, unknown>, p: Params): Array<{ start_time: string; end_time: string }> {
  const ms = minutes(p) * 60_000;
  const gaps = ((out.free_slots ?? []) as Array<{ start: string; end: string }>).map((g) => ({ start: Date.parse(g.start), end: Date.parse(g.end) }));
  const preferred = (list(p, 'find_available_slots', 'preferred_times', false) ?? []).map(Date.parse).filter((t) => !Number.isNaN(t));
  const picked: number[] = [];
  for (const t of preferred) {
    if (gaps.some((g) => t >= g.start && t + ms <= g.end) && !picked.includes(t)) picked.push(t);
  }
  for (const g of gaps) if (g.end - g.start >= ms && !picked.includes(g.start)) picked.push(g.start);
  return picked.map((t) => ({ start_time: new Date(t).toISOString(), end_time: new Date(t + ms).toISOString() }));
}

/**
 * `find_available_slots({ attendees, duration, preferred_times?, start_time?, end_time? })` → a list
 * of `{ start_time, end_time }`: when the user and the attendees are all free (Google's free/busy;
 * the catalog has no Outlook equivalent). The range defaults to the next 7 days.
 */
export const findAvailableSlots: ToolAlias = {
  name: 'find_available_slots',
  summary: 'attendees[], duration (minutes), preferred_times[], start_time, end_time → [{ start_time, end_time }]',
  targets: [
    {
      provider: 'google_calendar',
      tool: 'google_calendar_find_free_slots',
      params: (p) => {
        const attendees = list(p, 'find_available_slots', 'attendees') as string[];
        if (attendees.length > MAX_ATTENDEE_CALENDARS) throw invalidArgument('find_available_slots.parameters.attendees', `must list at most ${MAX_ATTENDEE_CALENDARS} people`);
        const { from, to } = range(p);
        return { calendar_ids: ['primary', ...attendees.filter((a) => a !== 'primary')], time_min: from, time_max: to, duration_minutes: minutes(p) };
      },
      result: (out, p) => slots(out, p),
    },
  ],
};
