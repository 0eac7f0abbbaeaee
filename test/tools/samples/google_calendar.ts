import type { ToolSample } from './tool-sample.js';
import { TEAM } from '../../fakes/providers/google_calendar.js';

/** One valid input per google_calendar tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const googleCalendarSamples = {
  google_calendar_list_events: {
    input: { time_min: '2024-05-06T00:00:00Z', time_max: '2024-05-07T00:00:00Z', max_results: 10 },
    calls: ['GET /calendar/v3/calendars/primary/events'],
  },
  google_calendar_get_event: {
    input: { event_id: '4m2kq8v1c0s9h7e3ab5d6f7g8h' },
    calls: ['GET /calendar/v3/calendars/primary/events/4m2kq8v1c0s9h7e3ab5d6f7g8h'],
  },
  google_calendar_create_event: {
    input: { summary: 'Planning', start: '2024-05-08T15:00:00+01:00', end: '2024-05-08T16:00:00+01:00', time_zone: 'Europe/Lisbon', description: 'Q3 scope', location: 'Room 1', attendees: ['joao@example.pt'], add_google_meet: true },
    calls: ['POST /calendar/v3/calendars/primary/events'],
  },
  google_calendar_update_event: {
    input: { event_id: '7a1b2c3d4e5f6g7h8i9j0k1l2m', summary: 'Design review (moved)', start: '2024-05-06T15:00:00Z', end: '2024-05-06T16:00:00Z', send_updates: 'externalOnly' },
    calls: ['PATCH /calendar/v3/calendars/primary/events/7a1b2c3d4e5f6g7h8i9j0k1l2m'],
  },
  google_calendar_delete_event: {
    input: { calendar_id: TEAM, event_id: '9r8e7l6e5a4s3e2d1a0y9b8c7d' },
    calls: ['DELETE /calendar/v3/calendars/c_8f2a9d41b7e3%40group.calendar.google.com/events/9r8e7l6e5a4s3e2d1a0y9b8c7d'],
  },
  google_calendar_find_free_slots: {
    input: { calendar_ids: ['primary', TEAM, 'nobody@example.com'], time_min: '2024-05-06T08:00:00Z', time_max: '2024-05-06T18:00:00Z', duration_minutes: 60 },
    calls: ['POST /calendar/v3/freeBusy'],
  },
  google_calendar_list_calendars: {
    input: { max_results: 2 },
    calls: ['GET /calendar/v3/users/me/calendarList'],
  },
} satisfies Record<string, ToolSample>;
