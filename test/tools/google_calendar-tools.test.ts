import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/google_calendar/index.js';
import { createEvent } from '../../src/modules/tools/catalog/google_calendar/create-event.js';
import { deleteEvent } from '../../src/modules/tools/catalog/google_calendar/delete-event.js';
import { findFreeSlots } from '../../src/modules/tools/catalog/google_calendar/find-free-slots.js';
import { getEvent } from '../../src/modules/tools/catalog/google_calendar/get-event.js';
import { listCalendars } from '../../src/modules/tools/catalog/google_calendar/list-calendars.js';
import { listEvents } from '../../src/modules/tools/catalog/google_calendar/list-events.js';
import { updateEvent } from '../../src/modules/tools/catalog/google_calendar/update-event.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { OWNER, TEAM, startGoogleCalendarFake, type GoogleCalendarFake } from '../fakes/providers/google_calendar.js';
import { googleCalendarSamples as samples } from './samples/google_calendar.js';

const TOKEN = 'ya29.a0-calendar-test-token';
const API = '/calendar/v3';
const TEAM_PATH = `${API}/calendars/${encodeURIComponent(TEAM)}`;
let fake: GoogleCalendarFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

// A fresh fake per test: each starts from the seeded mailbox/calendars, whatever ran before.
beforeEach(async () => { fake = await startGoogleCalendarFake(); });
afterEach(async () => { await fake.close(); });

describe('google_calendar tools', () => {
  it('has unique names, each definition within the 2 KB budget, strict input and honest annotations', () => {
    expectConnectorShape(tools, {
      provider: 'google_calendar',
      names: [
        'google_calendar_list_events', 'google_calendar_get_event', 'google_calendar_create_event', 'google_calendar_update_event',
        'google_calendar_delete_event', 'google_calendar_find_free_slots', 'google_calendar_list_calendars',
      ],
    });
    expect(tools.filter((t) => t.annotations.destructive).map((t) => t.definition.name)).toEqual(['google_calendar_delete_event']);
    expect(tools.filter((t) => t.annotations.readOnly).map((t) => t.definition.name)).toEqual(['google_calendar_list_events', 'google_calendar_get_event', 'google_calendar_find_free_slots', 'google_calendar_list_calendars']);
  });

  it('refuses malformed times and sizes in the schema, before any call', () => {
    expect(acceptsInput(createEvent, { summary: 'x', start: 'tomorrow at 10', end: '2024-05-01' })).toBe(false);
    expect(acceptsInput(createEvent, { summary: 'x', start: '2024-05-01T10:00:00', end: '2024-05-01T11:00:00Z' })).toBe(false);
    expect(acceptsInput(createEvent, { summary: 'x', start: '2024-05-01', end: '2024-05-02', attendees: ['not-an-email'] })).toBe(false);
    expect(acceptsInput(listEvents, { max_results: 101 })).toBe(false);
    expect(acceptsInput(findFreeSlots, { time_min: '2024-05-06T08:00:00Z', time_max: '2024-05-06T16:00:00Z', duration_minutes: 2 })).toBe(false);
  });

  it('google_calendar_list_events expands recurring events, orders by start and trims each event', async () => {
    const out = await runTool(listEvents, samples.google_calendar_list_events.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.body]).toEqual(['GET', `${API}/calendars/primary/events`, `Bearer ${TOKEN}`, undefined]);
    expect(req.query).toEqual({ singleEvents: 'true', orderBy: 'startTime', timeMin: '2024-05-06T00:00:00Z', timeMax: '2024-05-07T00:00:00Z', maxResults: '10' });
    expect(out.next_cursor).toBeNull();
    expect(out.events).toEqual([
      { id: '4m2kq8v1c0s9h7e3ab5d6f7g8h', summary: 'Weekly sync', start: '2024-05-06T10:00:00+01:00', end: '2024-05-06T10:30:00+01:00', all_day: false, location: 'Room 4.2', status: 'confirmed', html_link: expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/), meet_link: 'https://meet.google.com/kdq-xnbw-tpr' },
      expect.objectContaining({ summary: 'Design review', location: '', meet_link: null }),
    ]);
  });

  it('google_calendar_list_events pages with a cursor, searches text, defaults time_min to now', async () => {
    const first = await runTool(listEvents, { time_min: '2024-01-01T00:00:00Z', max_results: 2 }, ctx());
    expect(first.next_cursor).toBe('ev2');
    const second = await runTool(listEvents, { time_min: '2024-01-01T00:00:00Z', max_results: 2, cursor: 'ev2' }, ctx());
    expect(fake.last().query.pageToken).toBe('ev2');
    expect(second).toEqual({ events: [expect.objectContaining({ summary: 'Company offsite', start: '2024-05-07', end: '2024-05-08', all_day: true })], next_cursor: null });

    const found = await runTool(listEvents, { calendar_id: TEAM, time_min: '2024-01-01T00:00:00Z', query: 'release' }, ctx());
    expect(fake.last().path).toBe(`${TEAM_PATH}/events`);
    expect(fake.last().query.q).toBe('release');
    expect(found.events.map((e: any) => e.summary)).toEqual(['Release']);

    const before = Date.now();
    const upcoming = await runTool(listEvents, {}, ctx());
    const sentMin = Date.parse(String(fake.last().query.timeMin));
    expect(sentMin).toBeGreaterThanOrEqual(before - 1000);
    expect(sentMin).toBeLessThanOrEqual(Date.now());
    expect(fake.last().query.maxResults).toBe('25');
    expect(upcoming).toEqual({ events: [], next_cursor: null });
  });

  it('google_calendar_get_event returns guests and their responses; an unknown calendar is a 404 ToolFailure', async () => {
    const out = await runTool(getEvent, samples.google_calendar_get_event.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${API}/calendars/primary/events/4m2kq8v1c0s9h7e3ab5d6f7g8h`, query: {} });
    expect(out).toMatchObject({
      summary: 'Weekly sync', description: 'Agenda: roadmap, hiring.', organizer: OWNER, recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO'],
      attendees: [{ email: OWNER, response: 'accepted', optional: false }, { email: 'joao@example.pt', response: 'tentative', optional: false }, { email: 'ops@example.com', response: 'needsAction', optional: true }],
    });
    const err = await failure(getEvent, { calendar_id: 'nobody@example.com', event_id: 'x1' });
    expect(fake.last().path).toBe(`${API}/calendars/nobody%40example.com/events/x1`);
    expect([err.status, err.providerCode, err.message]).toEqual([404, 'notFound', 'event x1 not found: Not Found']);
  });

  it('google_calendar_create_event sends Google\'s Event body, invites guests and asks for a Meet link', async () => {
    const out = await runTool(createEvent, samples.google_calendar_create_event.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.headers['content-type']]).toEqual(['POST', `${API}/calendars/primary/events`, `Bearer ${TOKEN}`, 'application/json']);
    expect(req.query).toEqual({ sendUpdates: 'all', conferenceDataVersion: '1' });
    expect(req.body).toEqual({
      summary: 'Planning', description: 'Q3 scope', location: 'Room 1',
      start: { dateTime: '2024-05-08T15:00:00+01:00', timeZone: 'Europe/Lisbon' }, end: { dateTime: '2024-05-08T16:00:00+01:00', timeZone: 'Europe/Lisbon' },
      attendees: [{ email: 'joao@example.pt' }],
      conferenceData: { createRequest: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    });
    expect(out).toMatchObject({ id: expect.any(String), summary: 'Planning', start: '2024-05-08T15:00:00+01:00', all_day: false, meet_link: 'https://meet.google.com/abc-defg-hij' });
  });

  it('google_calendar_create_event makes all-day events from dates, and names the field when times do not fit', async () => {
    const out = await runTool(createEvent, { calendar_id: TEAM, summary: 'Holiday', start: '2024-05-10', end: '2024-05-11', send_updates: 'none' }, ctx());
    expect(fake.last()).toMatchObject({ path: `${TEAM_PATH}/events`, query: { sendUpdates: 'none' }, body: { summary: 'Holiday', start: { date: '2024-05-10' }, end: { date: '2024-05-11' } } });
    expect(out).toMatchObject({ all_day: true, start: '2024-05-10', meet_link: null });

    const before = fake.requests.length;
    expect((await failure(createEvent, { summary: 'x', start: '2024-05-10', end: '2024-05-10T12:00:00Z' })).message).toMatch(/^end: must be a date when start is a date/);
    expect((await failure(createEvent, { summary: 'x', start: '2024-05-10T12:00:00Z', end: '2024-05-10T11:00:00Z' })).message).toBe('end: must be after start');
    expect(fake.requests.length).toBe(before);
  });

  it('google_calendar_update_event patches only the given fields', async () => {
    const out = await runTool(updateEvent, samples.google_calendar_update_event.input, ctx());
    const req = fake.last();
    expect([req.method, req.path]).toEqual(['PATCH', `${API}/calendars/primary/events/7a1b2c3d4e5f6g7h8i9j0k1l2m`]);
    expect(req.query).toEqual({ sendUpdates: 'externalOnly' });
    expect(req.body).toEqual({ summary: 'Design review (moved)', start: { dateTime: '2024-05-06T15:00:00Z' }, end: { dateTime: '2024-05-06T16:00:00Z' } });
    expect(out).toMatchObject({ summary: 'Design review (moved)', start: '2024-05-06T15:00:00Z' });

    const before = fake.requests.length;
    expect((await failure(updateEvent, { event_id: '7a1b2c3d4e5f6g7h8i9j0k1l2m' })).message).toMatch(/^give at least one field/);
    expect(fake.requests.length).toBe(before);
    const missing = await failure(updateEvent, { event_id: 'nosuchevent', location: 'Room 9' });
    expect([missing.status, missing.providerCode]).toEqual([404, 'notFound']);
  });

  it('google_calendar_delete_event deletes (204) and a second delete is Google\'s 410 Gone', async () => {
    const out = await runTool(deleteEvent, samples.google_calendar_delete_event.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.body]).toEqual(['DELETE', `${TEAM_PATH}/events/9r8e7l6e5a4s3e2d1a0y9b8c7d`, `Bearer ${TOKEN}`, undefined]);
    expect(req.query).toEqual({ sendUpdates: 'all' });
    expect(out).toEqual({ event_id: '9r8e7l6e5a4s3e2d1a0y9b8c7d', deleted: true });
    const again = await failure(deleteEvent, { calendar_id: TEAM, event_id: '9r8e7l6e5a4s3e2d1a0y9b8c7d' });
    expect([again.status, again.providerCode, again.message]).toEqual([410, 'deleted', 'event 9r8e7l6e5a4s3e2d1a0y9b8c7d not found: Resource has been deleted']);
  });

  it('google_calendar_find_free_slots queries freeBusy and returns the common gaps, reporting calendars it cannot see', async () => {
    const out = await runTool(findFreeSlots, samples.google_calendar_find_free_slots.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['POST', `${API}/freeBusy`, `Bearer ${TOKEN}`]);
    expect(req.query).toEqual({});
    expect(req.body).toEqual({ timeMin: '2024-05-06T08:00:00Z', timeMax: '2024-05-06T18:00:00Z', items: [{ id: 'primary' }, { id: TEAM }, { id: 'nobody@example.com' }] });
    // Busy (UTC): weekly sync 09:00–09:30 and design review 13:00–14:00 on primary, release 10:15–11:30 on the team
    // calendar; the all-day offsite is marked free (transparent), so it blocks nothing.
    expect(out.busy).toEqual([
      { start: '2024-05-06T09:00:00.000Z', end: '2024-05-06T09:30:00.000Z' },
      { start: '2024-05-06T10:15:00.000Z', end: '2024-05-06T11:30:00.000Z' },
      { start: '2024-05-06T13:00:00.000Z', end: '2024-05-06T14:00:00.000Z' },
    ]);
    expect(out.free_slots).toEqual([
      { start: '2024-05-06T08:00:00.000Z', end: '2024-05-06T09:00:00.000Z' },
      { start: '2024-05-06T11:30:00.000Z', end: '2024-05-06T13:00:00.000Z' },
      { start: '2024-05-06T14:00:00.000Z', end: '2024-05-06T18:00:00.000Z' },
    ]);
    expect(out.unavailable_calendars).toEqual([{ calendar_id: 'nobody@example.com', reason: 'notFound' }]);

    const shorter = await runTool(findFreeSlots, { time_min: '2024-05-06T09:00:00Z', time_max: '2024-05-06T11:00:00Z', duration_minutes: 30 }, ctx());
    expect((fake.last().body as { items: unknown }).items).toEqual([{ id: 'primary' }]);
    expect(shorter.free_slots).toEqual([{ start: '2024-05-06T09:30:00.000Z', end: '2024-05-06T11:00:00.000Z' }]);

    const before = fake.requests.length;
    expect((await failure(findFreeSlots, { time_min: '2024-05-06T10:00:00Z', time_max: '2024-05-06T09:00:00Z' })).message).toBe('time_max: must be after time_min');
    expect(fake.requests.length).toBe(before);
  });

  it('google_calendar_list_calendars lists ids, names (the user\'s override first) and access, with a cursor', async () => {
    const first = await runTool(listCalendars, samples.google_calendar_list_calendars.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${API}/users/me/calendarList`, query: { maxResults: '2' } });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first).toEqual({
      calendars: [
        { id: OWNER, name: OWNER, primary: true, access_role: 'owner', time_zone: 'Europe/Lisbon' },
        { id: TEAM, name: 'Team (shared)', primary: false, access_role: 'writer', time_zone: 'Europe/Lisbon' },
      ],
      next_cursor: 'cl2',
    });
    const rest = await runTool(listCalendars, { max_results: 2, cursor: 'cl2' }, ctx());
    expect(fake.last().query).toEqual({ maxResults: '2', pageToken: 'cl2' });
    expect(rest.calendars.map((c: any) => [c.name, c.access_role])).toEqual([['Holidays in United States', 'reader']]);
    expect(rest.next_cursor).toBeNull();
  });
});
