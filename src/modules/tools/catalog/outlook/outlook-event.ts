import { recipientText, type GraphRecipient } from './graph-api.js';

/** Graph's event resource, the fields the tools $select, and the trimmed view a model gets. */
interface DateTimeTimeZone { dateTime?: string; timeZone?: string }
export interface GraphEvent {
  id: string;
  subject?: string | null;
  start?: DateTimeTimeZone;
  end?: DateTimeTimeZone;
  isAllDay?: boolean;
  location?: { displayName?: string };
  organizer?: GraphRecipient;
  attendees?: GraphRecipient[];
  webLink?: string;
  onlineMeeting?: { joinUrl?: string } | null;
}

export const EVENT_FIELDS = 'id,subject,start,end,isAllDay,location,onlineMeeting';

/** Times come in UTC (the tools send `Prefer: outlook.timezone="UTC"`): `2024-05-02T17:00:00.0000000` → RFC 3339. */
export const UTC = { prefer: 'outlook.timezone="UTC"' };
function rfc3339(t: DateTimeTimeZone | undefined): string {
  if (!t?.dateTime) return '';
  return t.timeZone === 'UTC' && !Number.isNaN(Date.parse(`${t.dateTime}Z`)) ? new Date(`${t.dateTime}Z`).toISOString() : t.dateTime;
}

/** Outlook itself prefixes a cancelled meeting's subject with "Canceled:". A list holds what a model needs to pick an event; the created event also tells who is invited. */
export function toEventSummary(e: GraphEvent) {
  return {
    id: e.id,
    subject: e.subject ?? '',
    start: rfc3339(e.start),
    end: rfc3339(e.end),
    all_day: e.isAllDay ?? false,
    location: e.location?.displayName ?? '',
    join_url: e.onlineMeeting?.joinUrl ?? '',
  };
}

export function toEventView(e: GraphEvent) {
  return {
    ...toEventSummary(e),
    organizer: recipientText(e.organizer),
    attendees: (e.attendees ?? []).map((a) => a.emailAddress?.address ?? '').filter(Boolean),
    web_link: e.webLink ?? '',
  };
}

const str = { type: 'string' };
const summaryProperties = {
  id: str, subject: str, start: str, end: str, all_day: { type: 'boolean' }, location: str, join_url: str,
};
export const eventSummarySchema = { type: 'object', properties: summaryProperties, required: ['id', 'start', 'end'] };
export const eventViewSchema = {
  type: 'object',
  properties: { ...summaryProperties, organizer: str, attendees: { type: 'array', items: str }, web_link: str },
  required: ['id', 'subject', 'start', 'end'],
};
