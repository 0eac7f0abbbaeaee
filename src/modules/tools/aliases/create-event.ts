import { defined, list, text, type Params, type ToolAlias } from './alias-spec.js';

const event = (p: Params) => ({
  title: text(p, 'create_event', 'title'),
  description: text(p, 'create_event', 'description', false),
  start: text(p, 'create_event', 'start_time'),
  end: text(p, 'create_event', 'end_time'),
  attendees: list(p, 'create_event', 'attendees', false),
  location: text(p, 'create_event', 'location', false),
});

/** `create_event({ title, start_time, end_time, description?, attendees?, location? })` → `{ event_id, start_time, end_time, link }`. */
export const createEvent: ToolAlias = {
  name: 'create_event',
  summary: 'title, start_time, end_time, description, attendees[], location → event_id, link',
  targets: [
    {
      provider: 'google_calendar',
      tool: 'google_calendar_create_event',
      params: (p) => {
        const e = event(p);
        return defined({ summary: e.title, description: e.description, start: e.start, end: e.end, attendees: e.attendees, location: e.location });
      },
      result: (out) => ({ event_id: out.id, start_time: out.start, end_time: out.end, link: out.html_link, status: out.status }),
    },
    {
      provider: 'outlook',
      tool: 'outlook_create_event',
      params: (p) => {
        const e = event(p);
        return defined({ subject: e.title, body: e.description, start: e.start, end: e.end, attendees: e.attendees, location: e.location });
      },
      result: (out) => ({ event_id: out.id, start_time: out.start, end_time: out.end, link: out.web_link, status: 'confirmed' }),
    },
  ],
};
