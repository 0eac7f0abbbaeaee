import { GRAPH_ORIGIN, graphError, startGraphFake, topOf, type GraphFakeServer, type RecordedGraphRequest, type Reply } from './graph-fake-server.js';

/**
 * A loopback Microsoft Graph v1.0 for the outlook tools: the signed-in user's messages (list with
 * $select/$top/$skip/$filter/$search, get with the text-body preference, sendMail, reply,
 * replyAll) and calendar (calendarView, create event), in the resource shapes of Graph's reference.
 */
const who = (name: string, address: string) => ({ emailAddress: { name, address } });

export interface FakeMail {
  id: string; conversationId: string; subject: string; parentFolderId: string;
  from: ReturnType<typeof who>; toRecipients: Array<ReturnType<typeof who>>; ccRecipients: Array<ReturnType<typeof who>>; bccRecipients: Array<ReturnType<typeof who>>;
  receivedDateTime: string; bodyPreview: string; isRead: boolean; hasAttachments: boolean; importance: string; webLink: string;
  body: { contentType: 'html'; content: string }; text: string;
}

const mail = (id: string, f: Partial<FakeMail> & Pick<FakeMail, 'subject' | 'from' | 'receivedDateTime' | 'text'>): FakeMail => ({
  id, conversationId: 'AAQkAGI2TGuLAAA=', parentFolderId: 'inbox', toRecipients: [who('Megan Bowen', 'MeganB@contoso.com')], ccRecipients: [], bccRecipients: [],
  bodyPreview: f.text.slice(0, 255), isRead: false, hasAttachments: false, importance: 'normal',
  webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
  body: { contentType: 'html', content: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><p>${f.text.replace(/\n/g, '<br>')}</p></body></html>` },
  ...f,
});

function seedMessages(): FakeMail[] {
  return [
    mail('AAMkAGI2TG93AAA=', {
      subject: 'Q3 planning notes', from: who('Adele Vance', 'AdeleV@contoso.com'), receivedDateTime: '2024-05-01T12:00:00Z', importance: 'high',
      ccRecipients: [who('Alex Wilber', 'AlexW@contoso.com')], text: 'Hi team,\nHere are the notes from the Q3 planning session.\n- Ship the tools API\n- Hire two engineers',
    }),
    mail('AAMkAGI2TG94AAA=', {
      subject: 'Invoice for April', from: who('Contoso Billing', 'billing@contoso.com'), receivedDateTime: '2024-04-30T09:30:00Z', hasAttachments: true,
      conversationId: 'AAQkAGI2TGuMAAA=', text: 'Your invoice for April is attached. Total: 42 €',
    }),
    mail('AAMkAGI2TG95AAA=', {
      subject: 'Re: Q3 planning notes', from: who('Alex Wilber', 'AlexW@contoso.com'), receivedDateTime: '2024-04-29T16:45:00Z', isRead: true,
      text: 'Thanks Adele, looks good to me.',
    }),
  ];
}

export interface FakeEvent {
  id: string; subject: string; start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string };
  isAllDay: boolean; location: { displayName: string }; organizer: ReturnType<typeof who>; isCancelled: boolean; webLink: string;
  attendees: Array<ReturnType<typeof who> & { type: string; status: { response: string; time: string } }>;
  isOnlineMeeting: boolean; onlineMeetingProvider: string; onlineMeeting: { joinUrl: string } | null; body?: unknown;
}

const graphTime = (iso: string) => ({ dateTime: new Date(iso).toISOString().replace('Z', '0000'), timeZone: 'UTC' });
const event = (id: string, subject: string, start: string, end: string, extra: Partial<FakeEvent> = {}): FakeEvent => ({
  id, subject, start: graphTime(start), end: graphTime(end), isAllDay: false, location: { displayName: '' }, organizer: who('Megan Bowen', 'MeganB@contoso.com'),
  isCancelled: false, webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`, attendees: [],
  isOnlineMeeting: false, onlineMeetingProvider: 'unknown', onlineMeeting: null, ...extra,
});

function seedEvents(): FakeEvent[] {
  return [
    event('AAMkAGI1AAAt9AHjAAA=', 'Weekly sync', '2024-05-06T16:00:00Z', '2024-05-06T16:30:00Z', {
      location: { displayName: 'Conf Room Rainier' }, isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness',
      onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_weekly%40thread.v2/0' },
      attendees: [{ ...who('Adele Vance', 'AdeleV@contoso.com'), type: 'required', status: { response: 'accepted', time: '2024-05-01T10:00:00Z' } }],
    }),
    event('AAMkAGI1AAAt9AHkAAA=', 'Company offsite', '2024-05-08T00:00:00Z', '2024-05-09T00:00:00Z', { isAllDay: true }),
    event('AAMkAGI1AAAt9AHlAAA=', 'Canceled: Budget review', '2024-05-07T13:00:00Z', '2024-05-07T14:00:00Z', { isCancelled: true }),
    event('AAMkAGI1AAAt9AHmAAA=', 'Retro (next month)', '2024-06-03T15:00:00Z', '2024-06-03T16:00:00Z'),
  ];
}

export interface OutlookFake extends GraphFakeServer {
  messages: FakeMail[];
  events: FakeEvent[];
  /** Each sendMail body, and each reply as {id, kind, comment}, in order. */
  sent: unknown[];
  replies: Array<{ id: string; kind: 'reply' | 'replyAll'; comment: unknown }>;
}

/** Graph message ids are base64; anything else is refused before any lookup, as Exchange does. */
const badId = (id: string): Reply | undefined => (/^[A-Za-z0-9+/_-]{8,}={0,2}$/.test(id) ? undefined : graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.'));
const notFound = () => graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

/** Only the properties $select names (plus id and the etag), as Graph answers. */
function project<T extends { id: string }>(item: T, select: string | string[] | undefined, drop: string[] = []): Record<string, unknown> {
  const all = Object.fromEntries(Object.entries(item).filter(([k]) => !drop.includes(k)));
  if (typeof select !== 'string') return { '@odata.etag': 'W/"CQAAABYAAAB"', ...all };
  const keep = new Set(['id', ...select.split(',')]);
  return { '@odata.etag': 'W/"CQAAABYAAAB"', ...Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k))) };
}

/** The three $filter clauses a client may join with `and`; others are refused as Graph refuses an unknown property. */
function filterOf(expr: string): ((m: FakeMail) => boolean) | Reply {
  const tests: Array<(m: FakeMail) => boolean> = [];
  for (const clause of expr.split(' and ')) {
    let g: RegExpMatchArray | null;
    if (clause === 'isRead eq false' || clause === 'isRead eq true') tests.push((m) => m.isRead === clause.endsWith('true'));
    else if ((g = clause.match(/^from\/emailAddress\/address eq '((?:[^']|'')*)'$/))) tests.push((m) => m.from.emailAddress.address.toLowerCase() === g![1].replace(/''/g, "'").toLowerCase());
    else if ((g = clause.match(/^receivedDateTime ge (\d{4}-\d\d-\d\dT[\d:.]+Z)$/))) tests.push((m) => Date.parse(m.receivedDateTime) >= Date.parse(g![1]));
    else return graphError(400, 'BadRequest', `Invalid filter clause: ${clause}`);
  }
  return (m) => tests.every((t) => t(m));
}

/** `$search="…"`: KQL-ish `from:` and `subject:` terms and free words, matched case-insensitively. */
function searchOf(raw: string): ((m: FakeMail) => boolean) | Reply {
  const q = raw.match(/^"((?:[^"\\]|\\.)*)"$/);
  if (!q) return graphError(400, 'BadRequest', 'Syntax error: character \'' + raw[0] + '\' is not valid at position 0 in \'' + raw + '\'.');
  // Words, or "quoted phrases" (optionally after a property name), as KQL reads them.
  const terms = (q[1].replace(/\\(.)/g, '$1').toLowerCase().match(/(\w+:)?"[^"]*"|\S+/g) ?? []).map((t) => t.replace(/"/g, ''));
  return (m) => terms.every((t) => {
    if (t.startsWith('from:')) return `${m.from.emailAddress.name} ${m.from.emailAddress.address}`.toLowerCase().includes(t.slice(5));
    if (t.startsWith('subject:')) return m.subject.toLowerCase().includes(t.slice(8));
    return `${m.subject} ${m.text}`.toLowerCase().includes(t);
  });
}

/** The next link Graph writes: the same query, with $skip moved on. */
function nextLink(r: RecordedGraphRequest, skip: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) if (k !== '$skip') for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  params.set('$skip', String(skip));
  return `${GRAPH_ORIGIN}${r.path}?${params.toString()}`;
}

function page<T>(r: RecordedGraphRequest, items: T[], top: number, context: string) {
  const skip = Number(r.query.$skip ?? 0);
  const slice = items.slice(skip, skip + top);
  return { '@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#${context}`, value: slice, ...(skip + top < items.length ? { '@odata.nextLink': nextLink(r, skip + top) } : {}) };
}

export async function startOutlookFake(): Promise<OutlookFake> {
  const messages = seedMessages();
  const events = seedEvents();
  const sent: unknown[] = [];
  const replies: OutlookFake['replies'] = [];
  let nextEvent = 0;

  const listMessages = (r: RecordedGraphRequest, folder?: string): Reply => {
    const top = topOf(r, 10, 1000);
    if (typeof top !== 'number') return top;
    if (r.query.$search !== undefined && r.query.$filter !== undefined) return graphError(400, 'BadRequest', 'The query parameter \'$filter\' is not supported with \'$search\'.');
    if (r.query.$search !== undefined && r.query.$orderby !== undefined) return graphError(400, 'BadRequest', 'The query parameter \'$orderBy\' is not supported with \'$search\'.');
    const test = r.query.$search !== undefined ? searchOf(String(r.query.$search)) : r.query.$filter !== undefined ? filterOf(String(r.query.$filter)) : () => true;
    if (typeof test !== 'function') return test;
    const found = messages.filter((m) => (!folder || m.parentFolderId === folder) && test(m)).sort((a, b) => Date.parse(b.receivedDateTime) - Date.parse(a.receivedDateTime));
    const body = page(r, found, top, "users('MeganB%40contoso.com')/messages");
    return { status: 200, body: { ...body, value: body.value.map((m) => project(m, r.query.$select, ['text', 'parentFolderId'])) } };
  };

  const fake = await startGraphFake([
    ['GET', /^\/v1\.0\/me\/messages$/, (r) => listMessages(r)],
    ['GET', /^\/v1\.0\/me\/mailFolders\/([^/]+)\/messages$/, (r, [folder]) => listMessages(r, folder.toLowerCase())],
    ['GET', /^\/v1\.0\/me\/messages\/([^/]+)$/, (r, [id]) => {
      const m = messages.find((x) => x.id === id);
      if (badId(id) || !m) return badId(id) ?? notFound();
      const asText = /outlook\.body-content-type="text"/.test(String(r.headers.prefer ?? ''));
      const shown = asText ? { ...m, body: { contentType: 'text', content: m.text } } : m;
      return { status: 200, body: project(shown, r.query.$select, ['text', 'parentFolderId']), headers: asText ? { 'preference-applied': 'outlook.body-content-type="text"' } : {} };
    }],
    ['POST', /^\/v1\.0\/me\/sendMail$/, (r) => {
      const msg = (r.body as { message?: { toRecipients?: Array<{ emailAddress?: { address?: string } }> } } | undefined)?.message;
      if (!msg) return graphError(400, 'ErrorInvalidParameter', 'The value of the parameter \'Message\' is empty.');
      if (!msg.toRecipients?.length || msg.toRecipients.some((x) => !x.emailAddress?.address?.includes('@'))) {
        return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient isn\'t valid., Recipient is not resolved.');
      }
      sent.push(r.body);
      return { status: 202 };
    }],
    ['POST', /^\/v1\.0\/me\/messages\/([^/]+)\/(reply|replyAll)$/, (r, [id, kind]) => {
      if (badId(id) || !messages.some((x) => x.id === id)) return badId(id) ?? notFound();
      replies.push({ id, kind: kind as 'reply' | 'replyAll', comment: (r.body as { comment?: unknown } | undefined)?.comment });
      return { status: 202 };
    }],
    ['GET', /^\/v1\.0\/me\/calendarView$/, (r) => {
      const from = Date.parse(String(r.query.startDateTime ?? ''));
      const to = Date.parse(String(r.query.endDateTime ?? ''));
      if (Number.isNaN(from) || Number.isNaN(to)) {
        return graphError(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
      }
      const top = topOf(r, 10, 1000);
      if (typeof top !== 'number') return top;
      const at = (t: { dateTime: string }) => Date.parse(`${t.dateTime}Z`);
      const found = events.filter((e) => at(e.start) < to && at(e.end) > from).sort((a, b) => at(a.start) - at(b.start));
      const body = page(r, found, top, "users('MeganB%40contoso.com')/calendarView");
      return { status: 200, body: { ...body, value: body.value.map((e) => project(e, r.query.$select)) } };
    }],
    ['POST', /^\/v1\.0\/me\/events$/, (r) => {
      const b = r.body as Partial<FakeEvent> & { attendees?: Array<{ emailAddress?: { address?: string }; type?: string }> } | undefined;
      if (!b?.start?.dateTime || !b?.end?.dateTime) return graphError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. Start and End are required.');
      const id = `AAMkAGI1AAAt9AHn${String(nextEvent++).padStart(3, '0')}=`;
      const e = event(id, b.subject ?? '', `${b.start.dateTime}Z`, `${b.end.dateTime}Z`, {
        location: { displayName: b.location?.displayName ?? '' },
        attendees: (b.attendees ?? []).map((a) => ({ emailAddress: { name: a.emailAddress?.address ?? '', address: a.emailAddress?.address ?? '' }, type: a.type ?? 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' } })),
        isOnlineMeeting: b.isOnlineMeeting === true,
        onlineMeetingProvider: b.onlineMeetingProvider ?? 'unknown',
        onlineMeeting: b.isOnlineMeeting ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id.slice(-6, -1)}%40thread.v2/0` } : null,
        body: b.body,
      });
      events.push(e);
      return { status: 201, body: { '@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#users('MeganB%40contoso.com')/events/$entity`, ...project(e, undefined) } };
    }],
  ]);
  return Object.assign(fake, { messages, events, sent, replies });
}
