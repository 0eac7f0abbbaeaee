import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/outlook/index.js';
import { createEvent } from '../../src/modules/tools/catalog/outlook/create-event.js';
import { getMessage } from '../../src/modules/tools/catalog/outlook/get-message.js';
import { listEvents } from '../../src/modules/tools/catalog/outlook/list-events.js';
import { listMessages } from '../../src/modules/tools/catalog/outlook/list-messages.js';
import { replyToMessage } from '../../src/modules/tools/catalog/outlook/reply-to-message.js';
import { sendEmail } from '../../src/modules/tools/catalog/outlook/send-email.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { startOutlookFake, type OutlookFake } from '../fakes/providers/outlook.js';
import { outlookSamples as samples } from './samples/outlook.js';

const TOKEN = 'EwBwA8l6BAAU-outlook-test-token';
const SUMMARY_SELECT = 'id,subject,from,toRecipients,receivedDateTime,bodyPreview,isRead,hasAttachments';
let fake: OutlookFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

beforeEach(async () => { fake = await startOutlookFake(); });
afterEach(async () => { await fake.close(); });

describe('outlook tools', () => {
  it('has the expected names, strict inputs, honest annotations and definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, {
      provider: 'outlook',
      names: [
        'outlook_list_messages', 'outlook_get_message', 'outlook_send_email', 'outlook_reply_to_message', 'outlook_list_events', 'outlook_create_event',
      ],
    });
    for (const t of tools) {
      // Sends and creates are neither repeatable nor destructive; reads are both safe and repeatable.
      expect(t.annotations, t.definition.name).toEqual(t.annotations.readOnly
        ? { readOnly: true, destructive: false, idempotent: true }
        : { readOnly: false, destructive: false, idempotent: false });
    }
    expect(tools.filter((t) => t.annotations.readOnly).map((t) => t.definition.name)).toEqual(['outlook_list_messages', 'outlook_get_message', 'outlook_list_events']);
  });

  it('outlook_list_messages lists newest first with $select/$top/$orderby and pages by the next link', async () => {
    const first = await runTool(listMessages, samples.outlook_list_messages.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/v1.0/me/messages', body: undefined });
    expect(fake.last().query).toEqual({ $select: SUMMARY_SELECT, $top: '2', $orderby: 'receivedDateTime desc' });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first.messages[0]).toEqual({
      id: 'AAMkAGI2TG93AAA=', subject: 'Q3 planning notes', from: 'Adele Vance <AdeleV@contoso.com>', to: ['Megan Bowen <MeganB@contoso.com>'],
      received_at: '2024-05-01T12:00:00Z', preview: 'Hi team,\nHere are the notes from the Q3 planning session.\n- Ship the tools API\n- Hire two engineers',
      is_read: false, has_attachments: false,
    });
    expect(first.messages.map((m: any) => m.subject)).toEqual(['Q3 planning notes', 'Invoice for April']);
    // Graph's next link is absolute on its own host; the cursor keeps only path and query.
    expect(first.next_cursor).toBe(`/v1.0/me/messages?%24select=${encodeURIComponent(SUMMARY_SELECT)}&%24top=2&%24orderby=receivedDateTime+desc&%24skip=2`);

    const second = await runTool(listMessages, { cursor: first.next_cursor }, ctx());
    expect(fake.last().path).toBe('/v1.0/me/messages');
    expect(fake.last().query).toEqual({ $select: SUMMARY_SELECT, $top: '2', $orderby: 'receivedDateTime desc', $skip: '2' });
    expect(second.messages.map((m: any) => m.subject)).toEqual(['Re: Q3 planning notes']);
    expect(second.next_cursor).toBeNull();
  });

  it('outlook_list_messages turns filters into OData $filter, search into a quoted $search, and refuses mixing them', async () => {
    const unread = await runTool(listMessages, { unread_only: true, from: 'AdeleV@contoso.com', received_after: '2024-04-30T00:00:00+02:00', folder: 'inbox' }, ctx());
    expect(fake.last().path).toBe('/v1.0/me/mailFolders/inbox/messages');
    expect(fake.last().query).toEqual({
      $select: SUMMARY_SELECT, $top: '10', $filter: "isRead eq false and from/emailAddress/address eq 'AdeleV@contoso.com' and receivedDateTime ge 2024-04-29T22:00:00.000Z",
    });
    expect(unread.messages.map((m: any) => m.id)).toEqual(['AAMkAGI2TG93AAA=']);

    const found = await runTool(listMessages, { search: 'from:alex "looks good"' }, ctx());
    expect(fake.last().query).toEqual({ $select: SUMMARY_SELECT, $top: '10', $search: '"from:alex \\"looks good\\""' });
    expect(found.messages.map((m: any) => m.subject)).toEqual(['Re: Q3 planning notes']);

    const before = fake.requests.length;
    const mixed = await failure(listMessages, { search: 'plan', unread_only: true });
    expect(mixed.message).toMatch(/^search: cannot be combined/);
    expect(fake.requests.length).toBe(before);
    expect(acceptsInput(listMessages, { max_results: 51 })).toBe(false);
    expect(acceptsInput(listMessages, { folder: 'spam' })).toBe(false);
    expect(acceptsInput(listMessages, { from: 'not-an-email' })).toBe(false);
  });

  it('outlook_list_messages refuses a cursor that is not a next link of this list, before any call', async () => {
    for (const cursor of ['https://evil.example/v1.0/me/messages?$skip=2', '/v1.0/me/events?$skip=2', '/v1.0/me/messages/../../users?$top=1', 'garbage']) {
      const before = fake.requests.length;
      const err = await failure(listMessages, { cursor });
      expect(err.message, cursor).toMatch(/^cursor is invalid/);
      expect(fake.requests.length).toBe(before);
    }
  });

  it('outlook_get_message asks Graph for a text body and returns it with headers; unknown and malformed ids fail with Graph\'s code', async () => {
    const out = await runTool(getMessage, samples.outlook_get_message.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/v1.0/me/messages/AAMkAGI2TG93AAA%3D' });
    expect(fake.last().query).toEqual({ $select: 'id,conversationId,subject,from,toRecipients,ccRecipients,receivedDateTime,isRead,hasAttachments,webLink,body' });
    expect(fake.last().headers.prefer).toBe('outlook.body-content-type="text"');
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(out).toEqual({
      id: 'AAMkAGI2TG93AAA=', subject: 'Q3 planning notes', from: 'Adele Vance <AdeleV@contoso.com>', to: ['Megan Bowen <MeganB@contoso.com>'],
      received_at: '2024-05-01T12:00:00Z', is_read: false, has_attachments: false, conversation_id: 'AAQkAGI2TGuLAAA=', cc: ['Alex Wilber <AlexW@contoso.com>'],
      web_link: 'https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem',
      body: 'Hi team,\nHere are the notes from the Q3 planning session.\n- Ship the tools API\n- Hire two engineers', body_truncated: false,
    });
    expect(JSON.stringify(out)).not.toMatch(/<html|<p>/);

    const missing = await failure(getMessage, { message_id: 'AAMkAGI2TG99AAA=' });
    expect([missing.status, missing.providerCode, missing.message]).toEqual([404, 'ErrorItemNotFound', 'message not found: The specified object was not found in the store.']);
    const malformed = await failure(getMessage, { message_id: 'not an id' });
    expect([malformed.status, malformed.providerCode, malformed.message]).toEqual([400, 'ErrorInvalidIdMalformed', 'message failed: Id is malformed.']);
    expect(JSON.stringify(malformed)).not.toContain('request-id');
  });

  it('outlook_send_email posts a Graph message to /me/sendMail and reports it sent', async () => {
    const out = await runTool(sendEmail, samples.outlook_send_email.input, ctx());
    expect(out).toEqual({ status: 'sent' });
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/v1.0/me/sendMail', query: {} });
    expect(fake.last().headers['content-type']).toBe('application/json');
    expect(fake.last().body).toEqual({
      message: {
        subject: 'Café at 3?', body: { contentType: 'Text', content: 'See you there.' },
        toRecipients: [{ emailAddress: { address: 'AdeleV@contoso.com' } }], ccRecipients: [{ emailAddress: { address: 'AlexW@contoso.com' } }],
      },
      saveToSentItems: true,
    });
    await runTool(sendEmail, { to: ['a@contoso.com'], bcc: ['b@contoso.com'], subject: 's', body: '<b>hi</b>', is_html: true }, ctx());
    expect(fake.last().body).toMatchObject({ message: { body: { contentType: 'HTML', content: '<b>hi</b>' }, bccRecipients: [{ emailAddress: { address: 'b@contoso.com' } }] } });
    expect((fake.last().body as any).message.ccRecipients).toBeUndefined();
    expect(fake.sent).toHaveLength(2);
    expect(acceptsInput(sendEmail, { to: [], subject: 's', body: 'b' })).toBe(false);
    expect(acceptsInput(sendEmail, { to: ['x@contoso.com'], subject: 's' })).toBe(false);
  });

  it('outlook_reply_to_message posts the comment to reply or replyAll; an unknown message is a 404', async () => {
    expect(await runTool(replyToMessage, samples.outlook_reply_to_message.input, ctx())).toEqual({ status: 'sent', message_id: 'AAMkAGI2TG94AAA=' });
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/v1.0/me/messages/AAMkAGI2TG94AAA%3D/reply', body: { comment: 'Paid, thanks.' } });
    await runTool(replyToMessage, { message_id: 'AAMkAGI2TG93AAA=', comment: 'Agreed.', reply_all: true }, ctx());
    expect(fake.last().path).toBe('/v1.0/me/messages/AAMkAGI2TG93AAA%3D/replyAll');
    expect(fake.replies).toEqual([{ id: 'AAMkAGI2TG94AAA=', kind: 'reply', comment: 'Paid, thanks.' }, { id: 'AAMkAGI2TG93AAA=', kind: 'replyAll', comment: 'Agreed.' }]);
    const err = await failure(replyToMessage, { message_id: 'AAMkAGI2TG99AAA=', comment: 'x' });
    expect([err.status, err.providerCode]).toEqual([404, 'ErrorItemNotFound']);
  });

  it('outlook_list_events reads calendarView in UTC, earliest first, and pages', async () => {
    const first = await runTool(listEvents, samples.outlook_list_events.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/v1.0/me/calendarView' });
    expect(fake.last().query).toEqual({
      startDateTime: '2024-05-06T00:00:00.000Z', endDateTime: '2024-05-13T00:00:00.000Z', $select: 'id,subject,start,end,isAllDay,location,onlineMeeting', $orderby: 'start/dateTime', $top: '2',
    });
    expect(fake.last().headers.prefer).toBe('outlook.timezone="UTC"');
    expect(first.events).toEqual([
      { id: 'AAMkAGI1AAAt9AHjAAA=', subject: 'Weekly sync', start: '2024-05-06T16:00:00.000Z', end: '2024-05-06T16:30:00.000Z', all_day: false, location: 'Conf Room Rainier',
        join_url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_weekly%40thread.v2/0' },
      { id: 'AAMkAGI1AAAt9AHlAAA=', subject: 'Canceled: Budget review', start: '2024-05-07T13:00:00.000Z', end: '2024-05-07T14:00:00.000Z', all_day: false, location: '', join_url: '' },
    ]);
    expect(first.next_cursor).toMatch(/^\/v1\.0\/me\/calendarView\?.*%24skip=2$/);
    const second = await runTool(listEvents, { start: '2024-05-06T00:00:00Z', end: '2024-05-13T00:00:00Z', cursor: first.next_cursor }, ctx());
    expect(fake.last().query).toMatchObject({ $skip: '2', $top: '2' });
    expect(fake.last().headers.prefer).toBe('outlook.timezone="UTC"');
    expect(second.events.map((e: any) => [e.subject, e.all_day])).toEqual([['Company offsite', true]]);
    expect(second.next_cursor).toBeNull();

    const reversed = await failure(listEvents, { start: '2024-05-13T00:00:00Z', end: '2024-05-06T00:00:00Z' });
    expect(reversed.message).toBe('end: must be after start');
    expect(acceptsInput(listEvents, { start: '2024-05-06' , end: '2024-05-07T00:00:00Z' })).toBe(false);
  });

  it('outlook_create_event sends UTC times, attendees and a Teams meeting request, and returns the created event', async () => {
    const out = await runTool(createEvent, samples.outlook_create_event.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/v1.0/me/events', query: {} });
    expect(fake.last().headers.prefer).toBe('outlook.timezone="UTC"');
    expect(fake.last().body).toEqual({
      subject: 'Design review',
      start: { dateTime: '2024-05-10T15:00:00.000', timeZone: 'UTC' },
      end: { dateTime: '2024-05-10T16:00:00.000', timeZone: 'UTC' },
      body: { contentType: 'Text', content: 'Agenda: API' },
      location: { displayName: 'Room 1' },
      attendees: [{ emailAddress: { address: 'AdeleV@contoso.com' }, type: 'required' }],
      isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness',
    });
    expect(out).toEqual({
      id: 'AAMkAGI1AAAt9AHn000=', subject: 'Design review', start: '2024-05-10T15:00:00.000Z', end: '2024-05-10T16:00:00.000Z', all_day: false, location: 'Room 1',
      join_url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_Hn000%40thread.v2/0', organizer: 'Megan Bowen <MeganB@contoso.com>', attendees: ['AdeleV@contoso.com'],
      web_link: 'https://outlook.office365.com/owa/?itemid=AAMkAGI1AAAt9AHn000%3D&exvsurl=1&path=/calendar/item',
    });
    await runTool(createEvent, { subject: 'Focus', start: '2024-05-11T09:00:00Z', end: '2024-05-11T10:00:00Z' }, ctx());
    expect(fake.last().body).toEqual({ subject: 'Focus', start: { dateTime: '2024-05-11T09:00:00.000', timeZone: 'UTC' }, end: { dateTime: '2024-05-11T10:00:00.000', timeZone: 'UTC' } });
    const before = fake.requests.length;
    expect((await failure(createEvent, { subject: 'x', start: '2024-05-11T10:00:00Z', end: '2024-05-11T10:00:00Z' })).message).toBe('end: must be after start');
    expect(fake.requests.length).toBe(before);
  });
});
