/** Google Calendar's Event resource, the fields tools read, and the trimmed view a model gets. */
export interface GoogleEventTime { date?: string; dateTime?: string; timeZone?: string }
export interface GoogleEvent {
  id: string;
  status?: string;
  htmlLink?: string;
  summary?: string;
  description?: string;
  location?: string;
  start?: GoogleEventTime;
  end?: GoogleEventTime;
  hangoutLink?: string;
  organizer?: { email?: string };
  attendees?: Array<{ email?: string; responseStatus?: string; optional?: boolean }>;
  recurrence?: string[];
}

export const eventPath = (calendarId: string, eventId?: string): string =>
  `/calendars/${encodeURIComponent(calendarId)}/events${eventId === undefined ? '' : `/${encodeURIComponent(eventId)}`}`;

export function toEventSummary(e: GoogleEvent) {
  return {
    id: e.id,
    summary: e.summary ?? '',
    start: e.start?.dateTime ?? e.start?.date ?? '',
    end: e.end?.dateTime ?? e.end?.date ?? '',
    all_day: Boolean(e.start?.date && !e.start?.dateTime),
    location: e.location ?? '',
    status: e.status ?? 'confirmed',
    html_link: e.htmlLink ?? '',
    meet_link: e.hangoutLink ?? null,
  };
}

export function toEventDetail(e: GoogleEvent) {
  return {
    ...toEventSummary(e),
    description: e.description ?? '',
    organizer: e.organizer?.email ?? '',
    attendees: (e.attendees ?? []).map((a) => ({ email: a.email ?? '', response: a.responseStatus ?? 'needsAction', optional: a.optional ?? false })),
    recurrence: e.recurrence ?? [],
  };
}

const str = { type: 'string' };
const summaryProperties = {
  id: str, summary: str, start: str, end: str, all_day: { type: 'boolean' }, location: str,
  status: str, html_link: str, meet_link: { type: ['string', 'null'] },
};
export const eventSummarySchema = { type: 'object', properties: summaryProperties, required: ['id', 'start', 'end'] };
export const eventDetailSchema = {
  type: 'object',
  properties: {
    ...summaryProperties, description: str, organizer: str,
    attendees: { type: 'array', items: { type: 'object', properties: { email: str, response: str, optional: { type: 'boolean' } } } },
    recurrence: { type: 'array', items: str },
  },
  required: ['id', 'start', 'end'],
};
