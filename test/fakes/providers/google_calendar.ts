import { googleError, startGoogleFake, type GoogleFakeServer, type Reply } from './google-fake-server.js';

/**
 * A loopback Google Calendar API v3 (https://www.googleapis.com/calendar/v3) answering the
 * methods the google_calendar tools call with the shapes of Google's reference: Events with
 * `start.dateTime` or `start.date`, calendarList entries, freeBusy per calendar with `errors`
 * for calendars the user cannot see, 204 on delete and 410 on a second delete.
 */
export interface FakeEvent {
  kind: 'calendar#event'; etag: string; id: string; status: string; htmlLink: string; created: string; updated: string;
  summary?: string; description?: string; location?: string;
  creator: { email: string; self?: boolean }; organizer: { email: string; self?: boolean };
  start: { date?: string; dateTime?: string; timeZone?: string }; end: { date?: string; dateTime?: string; timeZone?: string };
  iCalUID: string; sequence: number; eventType: 'default';
  attendees?: Array<{ email: string; responseStatus: string; organizer?: boolean; self?: boolean; optional?: boolean }>;
  hangoutLink?: string; conferenceData?: unknown; recurrence?: string[]; transparency?: string;
}

export const OWNER = 'ana@example.com';
export const TEAM = 'c_8f2a9d41b7e3@group.calendar.google.com';

function event(id: string, fields: Partial<FakeEvent> & Pick<FakeEvent, 'start' | 'end'>, calendar = OWNER): FakeEvent {
  return {
    kind: 'calendar#event', etag: '"3421896532845000"', id, status: 'confirmed', htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendar}`).toString('base64url')}`,
    created: '2024-04-20T09:00:00.000Z', updated: '2024-04-22T10:15:00.000Z', creator: { email: OWNER, self: true }, organizer: { email: calendar, self: calendar === OWNER },
    iCalUID: `${id}@google.com`, sequence: 0, eventType: 'default', ...fields,
  };
}

function seed(): Map<string, FakeEvent[]> {
  return new Map([
    [OWNER, [
      event('4m2kq8v1c0s9h7e3ab5d6f7g8h', {
        summary: 'Weekly sync', description: 'Agenda: roadmap, hiring.', location: 'Room 4.2',
        start: { dateTime: '2024-05-06T10:00:00+01:00', timeZone: 'Europe/Lisbon' }, end: { dateTime: '2024-05-06T10:30:00+01:00', timeZone: 'Europe/Lisbon' },
        attendees: [{ email: OWNER, responseStatus: 'accepted', organizer: true, self: true }, { email: 'joao@example.pt', responseStatus: 'tentative' }, { email: 'ops@example.com', responseStatus: 'needsAction', optional: true }],
        hangoutLink: 'https://meet.google.com/kdq-xnbw-tpr', recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO'],
      }),
      event('7a1b2c3d4e5f6g7h8i9j0k1l2m', {
        summary: 'Design review', start: { dateTime: '2024-05-06T14:00:00+01:00', timeZone: 'Europe/Lisbon' }, end: { dateTime: '2024-05-06T15:00:00+01:00', timeZone: 'Europe/Lisbon' },
      }),
      event('0offsite2024may7abcdefghij', { summary: 'Company offsite', start: { date: '2024-05-07' }, end: { date: '2024-05-08' }, transparency: 'transparent' }),
    ]],
    [TEAM, [
      event('9r8e7l6e5a4s3e2d1a0y9b8c7d', {
        summary: 'Release', start: { dateTime: '2024-05-06T10:15:00Z' }, end: { dateTime: '2024-05-06T11:30:00Z' },
      }, TEAM),
    ]],
  ]);
}

const CALENDAR_LIST = [
  { kind: 'calendar#calendarListEntry', etag: '"1714000000000000"', id: OWNER, summary: OWNER, timeZone: 'Europe/Lisbon', colorId: '14', backgroundColor: '#9fe1e7', foregroundColor: '#000000', selected: true, accessRole: 'owner', defaultReminders: [{ method: 'popup', minutes: 10 }], primary: true },
  { kind: 'calendar#calendarListEntry', etag: '"1714000000000001"', id: TEAM, summary: 'Team', summaryOverride: 'Team (shared)', timeZone: 'Europe/Lisbon', accessRole: 'writer', defaultReminders: [] },
  { kind: 'calendar#calendarListEntry', etag: '"1714000000000002"', id: 'en.usa#holiday@group.v.calendar.google.com', summary: 'Holidays in United States', timeZone: 'Europe/Lisbon', accessRole: 'reader', defaultReminders: [] },
];

const ms = (t: { date?: string; dateTime?: string }) => Date.parse(t.dateTime ?? `${t.date}T00:00:00Z`);
const notFound = () => googleError(404, 'notFound', 'Not Found');

export interface GoogleCalendarFake extends GoogleFakeServer {
  events: Map<string, FakeEvent[]>;
}

export async function startGoogleCalendarFake(): Promise<GoogleCalendarFake> {
  const events = seed();
  const deleted = new Set<string>();
  let counter = 0;
  const calendarOf = (id: string) => (id === 'primary' ? OWNER : id);
  const listOf = (id: string) => events.get(calendarOf(id));
  const base = '/calendar/v3';
  const withEvent = (cal: string, id: string, then: (list: FakeEvent[], index: number) => Reply): Reply => {
    const list = listOf(cal);
    if (!list) return notFound();
    const index = list.findIndex((e) => e.id === id);
    if (index < 0) return deleted.has(id) ? googleError(410, 'deleted', 'Resource has been deleted') : notFound();
    return then(list, index);
  };
  const checkTimes = (e: Partial<FakeEvent>): Reply | undefined => {
    if (!e.start) return googleError(400, 'required', 'Missing start time.');
    if (!e.end) return googleError(400, 'required', 'Missing end time.');
    if (ms(e.end) <= ms(e.start)) return googleError(400, 'timeRangeEmpty', 'The specified time range is empty.');
    return undefined;
  };
  const withMeet = (e: FakeEvent, body: { conferenceData?: { createRequest?: { requestId?: string } } }, version: unknown) => {
    // Without conferenceDataVersion=1 Google silently ignores the createRequest.
    if (version === '1' && body.conferenceData?.createRequest) {
      e.hangoutLink = 'https://meet.google.com/abc-defg-hij';
      e.conferenceData = { createRequest: { requestId: body.conferenceData.createRequest.requestId, status: { statusCode: 'success' } }, conferenceId: 'abc-defg-hij' };
    }
  };

  const fake = await startGoogleFake(base, [
    ['GET', new RegExp(`^${base}/users/me/calendarList$`), (r) => {
      const size = Math.min(Number(r.query.maxResults ?? 100), 250);
      const start = r.query.pageToken ? Number(String(r.query.pageToken).slice(2)) : 0;
      const next = start + size < CALENDAR_LIST.length ? { nextPageToken: `cl${start + size}` } : { nextSyncToken: 'CPDAlvWDx70CEPDAlvWDx70CGAU=' };
      return { status: 200, body: { kind: 'calendar#calendarList', etag: '"p33k8l1v2s5nv80g"', items: CALENDAR_LIST.slice(start, start + size), ...next } };
    }],
    ['GET', new RegExp(`^${base}/calendars/([^/]+)/events$`), (r, [cal]) => {
      const list = listOf(cal);
      if (!list) return notFound();
      if (r.query.orderBy === 'startTime' && r.query.singleEvents !== 'true') return googleError(400, 'badRequest', 'The requested ordering is not available for the particular query.');
      const min = r.query.timeMin ? Date.parse(String(r.query.timeMin)) : -Infinity;
      const max = r.query.timeMax ? Date.parse(String(r.query.timeMax)) : Infinity;
      const q = String(r.query.q ?? '').toLowerCase();
      const found = list
        .filter((e) => ms(e.end) > min && ms(e.start) < max)
        .filter((e) => !q || `${e.summary} ${e.description ?? ''} ${e.location ?? ''}`.toLowerCase().includes(q))
        .sort((a, b) => ms(a.start) - ms(b.start));
      const size = Math.min(Number(r.query.maxResults ?? 250), 2500);
      const start = r.query.pageToken ? Number(String(r.query.pageToken).slice(2)) : 0;
      const more = start + size < found.length;
      return { status: 200, body: {
        kind: 'calendar#events', etag: '"p32c9g2kvm8ss80g"', summary: calendarOf(cal), updated: '2024-04-22T10:15:00.000Z', timeZone: 'Europe/Lisbon', accessRole: 'owner',
        defaultReminders: [{ method: 'popup', minutes: 10 }], items: found.slice(start, start + size), ...(more ? { nextPageToken: `ev${start + size}` } : { nextSyncToken: 'CKCbrJvpoO8CEKCbrJvpoO8CGAU=' }),
      } };
    }],
    ['GET', new RegExp(`^${base}/calendars/([^/]+)/events/([^/]+)$`), (_r, [cal, id]) => withEvent(cal, id, (list, i) => ({ status: 200, body: list[i] }))],
    ['POST', new RegExp(`^${base}/calendars/([^/]+)/events$`), (r, [cal]) => {
      const list = listOf(cal);
      if (!list) return notFound();
      const body = r.body as Partial<FakeEvent> & { attendees?: Array<{ email: string }> };
      const invalid = checkTimes(body);
      if (invalid) return invalid;
      const id = `n3w${(counter++).toString().padStart(4, '0')}evt5k2m8q1r7t4v9`;
      const created = event(id, {
        summary: body.summary, description: body.description, location: body.location, start: body.start!, end: body.end!,
        attendees: body.attendees?.map((a) => ({ email: a.email, responseStatus: 'needsAction' })),
      }, calendarOf(cal));
      withMeet(created, body as never, r.query.conferenceDataVersion);
      list.push(created);
      return { status: 200, body: created };
    }],
    ['PATCH', new RegExp(`^${base}/calendars/([^/]+)/events/([^/]+)$`), (r, [cal, id]) => withEvent(cal, id, (list, i) => {
      const body = r.body as Partial<FakeEvent> & { attendees?: Array<{ email: string }> };
      const merged: FakeEvent = { ...list[i], ...body, attendees: body.attendees ? body.attendees.map((a) => ({ email: a.email, responseStatus: 'needsAction' })) : list[i].attendees, sequence: list[i].sequence + 1, updated: '2024-05-01T08:00:00.000Z' } as FakeEvent;
      delete (merged as { conferenceData?: unknown }).conferenceData;
      const invalid = checkTimes(merged);
      if (invalid) return invalid;
      withMeet(merged, body as never, r.query.conferenceDataVersion);
      list[i] = merged;
      return { status: 200, body: merged };
    })],
    ['DELETE', new RegExp(`^${base}/calendars/([^/]+)/events/([^/]+)$`), (_r, [cal, id]) => withEvent(cal, id, (list, i) => {
      list.splice(i, 1);
      deleted.add(id);
      return { status: 204 };
    })],
    ['POST', new RegExp(`^${base}/freeBusy$`), (r) => {
      const body = r.body as { timeMin?: string; timeMax?: string; items?: Array<{ id: string }> };
      if (!body.timeMin || !body.timeMax) return googleError(400, 'required', body.timeMin ? 'Missing timeMax parameter.' : 'Missing timeMin parameter.');
      const min = Date.parse(body.timeMin);
      const max = Date.parse(body.timeMax);
      const calendars: Record<string, unknown> = {};
      for (const { id } of body.items ?? []) {
        const list = listOf(id);
        if (!list) { calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] }; continue; }
        const busy = list
          .filter((e) => e.transparency !== 'transparent' && e.status !== 'cancelled' && ms(e.end) > min && ms(e.start) < max)
          .sort((a, b) => ms(a.start) - ms(b.start))
          .map((e) => ({ start: new Date(Math.max(ms(e.start), min)).toISOString().replace('.000', ''), end: new Date(Math.min(ms(e.end), max)).toISOString().replace('.000', '') }));
        calendars[id] = { busy };
      }
      return { status: 200, body: { kind: 'calendar#freeBusy', timeMin: body.timeMin, timeMax: body.timeMax, calendars } };
    }],
  ]);
  return Object.assign(fake, { events });
}
