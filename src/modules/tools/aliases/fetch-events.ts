import { invalidArgument } from '../../errors/domain-error.js';
import type { JsonObject } from '@bufbuild/protobuf';
import { text, type Params, type ToolAlias } from './alias-spec.js';

/** A date (`2024-01-31`) is the whole day: from its first instant, to the last instant of end_date. */
function bound(p: Params, key: 'start_date' | 'end_date'): string {
  const v = text(p, 'fetch_events', key) as string;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const t = Date.parse(day ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(t)) throw invalidArgument(`fetch_events.parameters.${key}`, 'must be a date (YYYY-MM-DD) or an RFC 3339 date-time');
  return new Date(day && key === 'end_date' ? t + 86_400_000 - 1000 : t).toISOString();
}

/** Each event with the seed's names and its length in hours (`duration`), which a report sums. */
function events(out: JsonObject): { events: unknown[] } {
  const list = (out.events ?? []) as Array<Record<string, unknown>>;
  return {
    events: list.map((e) => {
      const start = String(e.start ?? '');
      const end = String(e.end ?? '');
      const hours = (Date.parse(end) - Date.parse(start)) / 3_600_000;
      return { ...e, event_id: e.id, title: e.summary ?? e.subject ?? '', start_time: start, end_time: end, duration: Number.isFinite(hours) ? Math.round(hours * 100) / 100 : 0 };
    }),
  };
}

/**
 * `fetch_events({ start_date, end_date, attendees? })` → `{ events: [{ event_id, title, start_time,
 * end_time, duration (hours) }] }`: the user's calendar in the range, up to 100 events. `attendees`
 * does not filter: the catalog's list tools do not return attendees.
 */
export const fetchEvents: ToolAlias = {
  name: 'fetch_events',
  summary: 'start_date, end_date → events[] (event_id, title, start_time, end_time, duration in hours)',
  targets: [
    {
      provider: 'google_calendar',
      tool: 'google_calendar_list_events',
      params: (p) => ({ time_min: bound(p, 'start_date'), time_max: bound(p, 'end_date'), max_results: 100 }),
      result: events,
    },
    {
      provider: 'outlook',
      tool: 'outlook_list_events',
      params: (p) => ({ start: bound(p, 'start_date'), end: bound(p, 'end_date'), max_results: 100 }),
      result: events,
    },
  ],
};
