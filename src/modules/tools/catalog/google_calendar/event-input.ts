import { randomUUID } from 'node:crypto';
import { ToolFailure } from '../../definition/tool-spec.js';
import type { GoogleEventTime } from './calendar-event.js';

/** Input fields shared by the create and update tools, and their mapping to Google's Event body. */
export interface EventFields {
  summary?: string;
  start?: string;
  end?: string;
  time_zone?: string;
  description?: string;
  location?: string;
  attendees?: string[];
  add_google_meet?: boolean;
}

const when = (description?: string) => ({ type: 'string', anyOf: [{ format: 'date-time' }, { format: 'date' }], ...(description ? { description } : {}) });

export const calendarIdProperty = { type: 'string', minLength: 1, maxLength: 200, default: 'primary' };
export const sendUpdatesProperty = { type: 'string', enum: ['all', 'externalOnly', 'none'], default: 'all' };

export const eventFieldProperties = {
  summary: { type: 'string', minLength: 1, maxLength: 1000 },
  start: when('RFC 3339 or all-day date'),
  end: when(),
  time_zone: { type: 'string', maxLength: 64, description: 'IANA' },
  description: { type: 'string', maxLength: 8000 },
  location: { type: 'string', maxLength: 1000 },
  attendees: { type: 'array', items: { type: 'string', format: 'email' }, maxItems: 100 },
  add_google_meet: { type: 'boolean' },
};

const isDate = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v);

function toTime(value: string, timeZone: string | undefined): GoogleEventTime {
  return isDate(value) ? { date: value } : { dateTime: value, ...(timeZone ? { timeZone } : {}) };
}

/** Google's Event body for the fields that were given (a PATCH sends only those). */
export function toEventBody(f: EventFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (f.summary !== undefined) body.summary = f.summary;
  if (f.description !== undefined) body.description = f.description;
  if (f.location !== undefined) body.location = f.location;
  if (f.start !== undefined) body.start = toTime(f.start, f.time_zone);
  if (f.end !== undefined) body.end = toTime(f.end, f.time_zone);
  if (f.attendees !== undefined) body.attendees = f.attendees.map((email) => ({ email }));
  if (f.add_google_meet) body.conferenceData = { createRequest: { requestId: randomUUID(), conferenceSolutionKey: { type: 'hangoutsMeet' } } };
  return body;
}

/** Google rejects mixed or reversed times with a vague 400; say which field is wrong instead. */
export function checkRange(start: string | undefined, end: string | undefined): void {
  if (start === undefined || end === undefined) return;
  if (isDate(start) !== isDate(end)) throw new ToolFailure('end: must be a date when start is a date, and a date-time when start is a date-time');
  if (Date.parse(end) <= Date.parse(start)) throw new ToolFailure('end: must be after start');
}
