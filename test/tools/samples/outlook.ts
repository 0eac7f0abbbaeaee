import type { ToolSample } from './tool-sample.js';

/** One valid input per outlook tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const outlookSamples = {
  outlook_list_messages: {
    input: { max_results: 2 },
    calls: ['GET /v1.0/me/messages'],
  },
  outlook_get_message: {
    input: { message_id: 'AAMkAGI2TG93AAA=' },
    calls: ['GET /v1.0/me/messages/AAMkAGI2TG93AAA%3D'],
  },
  outlook_send_email: {
    input: { to: ['AdeleV@contoso.com'], cc: ['AlexW@contoso.com'], subject: 'Café at 3?', body: 'See you there.' },
    calls: ['POST /v1.0/me/sendMail'],
  },
  outlook_reply_to_message: {
    input: { message_id: 'AAMkAGI2TG94AAA=', comment: 'Paid, thanks.' },
    calls: ['POST /v1.0/me/messages/AAMkAGI2TG94AAA%3D/reply'],
  },
  outlook_list_events: {
    input: { start: '2024-05-06T00:00:00Z', end: '2024-05-13T00:00:00+00:00', max_results: 2 },
    calls: ['GET /v1.0/me/calendarView'],
  },
  outlook_create_event: {
    input: { subject: 'Design review', start: '2024-05-10T17:00:00+02:00', end: '2024-05-10T18:00:00+02:00', body: 'Agenda: API', location: 'Room 1', attendees: ['AdeleV@contoso.com'], online_meeting: true },
    calls: ['POST /v1.0/me/events'],
  },
} satisfies Record<string, ToolSample>;
