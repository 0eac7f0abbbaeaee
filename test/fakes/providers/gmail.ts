import { googleError, startGoogleFake, type GoogleFakeServer, type Reply } from './google-fake-server.js';

/**
 * A loopback Gmail API (https://gmail.googleapis.com/gmail/v1) answering the methods the gmail
 * tools call with the resource shapes of Google's reference: messages.list gives ids only,
 * messages.get a parsed MIME tree with base64url bodies, errors in Google's envelope.
 */
const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const h = (name: string, value: string) => ({ name, value });

interface Part { partId: string; mimeType: string; filename: string; headers: Array<{ name: string; value: string }>; body: { size: number; data?: string; attachmentId?: string }; parts?: Part[] }
export interface FakeMessage { id: string; threadId: string; labelIds: string[]; snippet: string; historyId: string; internalDate: string; sizeEstimate: number; payload: Part }

const leaf = (partId: string, mimeType: string, content: Buffer | string, charset = 'UTF-8'): Part => ({
  partId, mimeType, filename: '', headers: [h('Content-Type', `${mimeType}; charset="${charset}"`), h('Content-Transfer-Encoding', 'quoted-printable')],
  body: { size: Buffer.byteLength(content), data: b64url(content) },
});

function seedMessages(): FakeMessage[] {
  return [
    {
      id: '18f2a1c3d4e5f601', threadId: '18f2a1c3d4e5f601', labelIds: ['UNREAD', 'IMPORTANT', 'CATEGORY_PERSONAL', 'INBOX'],
      snippet: 'Hi team, here are the notes from today&#39;s Q3 planning session.', historyId: '987650', internalDate: '1714564800000', sizeEstimate: 5123,
      payload: {
        partId: '', mimeType: 'multipart/alternative', filename: '', body: { size: 0 },
        headers: [h('From', 'Ana Lima <ana@example.com>'), h('To', 'me@example.com'), h('Cc', 'ops@example.com'), h('Subject', 'Q3 planning notes'),
          h('Date', 'Wed, 1 May 2024 12:00:00 +0000'), h('Message-ID', '<CAF=q3-planning@mail.example.com>'), h('Content-Type', 'multipart/alternative; boundary="000000000000a1b2c3"')],
        parts: [
          leaf('0', 'text/plain', "Hi team,\r\n\r\nHere are the notes from today's Q3 planning session.\r\n- Ship the tools API\r\n- Hire two engineers\r\n\r\nAna\r\n"),
          leaf('1', 'text/html', '<div dir="ltr">Hi team,<br><br>Here are the notes&hellip;</div>'),
        ],
      },
    },
    {
      id: '18f2a0b1c2d3e402', threadId: '18f2a0b1c2d3e402', labelIds: ['UNREAD', 'CATEGORY_UPDATES', 'INBOX'],
      snippet: 'Your invoice for April is attached.', historyId: '987640', internalDate: '1714478400000', sizeEstimate: 48211,
      payload: {
        partId: '', mimeType: 'multipart/mixed', filename: '', body: { size: 0 },
        headers: [h('From', 'Billing <billing@vendor.example>'), h('To', 'me@example.com'), h('Subject', 'Café invoice'),
          h('Date', 'Tue, 30 Apr 2024 12:00:00 +0000'), h('Message-ID', '<invoice-0424@vendor.example>'), h('Content-Type', 'multipart/mixed; boundary="b1"')],
        parts: [
          leaf('0', 'text/html', '<html><head><style>p{color:red}</style></head><body><p>Your invoice for April is attached.</p><p>Total: 42&nbsp;&#8364; &amp; thanks</p></body></html>'),
          { partId: '1', mimeType: 'application/pdf', filename: 'invoice-april.pdf', headers: [h('Content-Type', 'application/pdf; name="invoice-april.pdf"'), h('Content-Disposition', 'attachment; filename="invoice-april.pdf"')],
            body: { size: 43120, attachmentId: 'ANGjdJ8wL2mK4d' } },
        ],
      },
    },
    {
      id: '18f29f00aa11bb03', threadId: '18f2a1c3d4e5f601', labelIds: ['INBOX'],
      snippet: 'Olá, obrigado pela reunião', historyId: '987600', internalDate: '1714392000000', sizeEstimate: 1200,
      payload: {
        partId: '', mimeType: 'text/plain', filename: '',
        headers: [h('From', 'João <joao@example.pt>'), h('To', 'me@example.com'), h('Subject', 'Re: Q3 planning notes'), h('Date', 'Mon, 29 Apr 2024 12:00:00 +0000'),
          h('Message-ID', '<reply-joao@example.pt>'), h('Content-Type', 'text/plain; charset="ISO-8859-1"')],
        body: { size: 27, data: b64url(Buffer.from('Olá, obrigado pela reunião.', 'latin1')) },
      },
    },
  ];
}

const LABELS = [
  { id: 'CHAT', name: 'CHAT', messageListVisibility: 'hide', labelListVisibility: 'labelHide', type: 'system' },
  { id: 'SENT', name: 'SENT', type: 'system' },
  { id: 'INBOX', name: 'INBOX', type: 'system' },
  { id: 'IMPORTANT', name: 'IMPORTANT', messageListVisibility: 'hide', labelListVisibility: 'labelShow', type: 'system' },
  { id: 'UNREAD', name: 'UNREAD', type: 'system' },
  { id: 'STARRED', name: 'STARRED', type: 'system' },
  { id: 'DRAFT', name: 'DRAFT', type: 'system' },
  { id: 'Label_3', name: 'Receipts', messageListVisibility: 'show', labelListVisibility: 'labelShow', type: 'user' },
];

const FILTERS = [
  { id: 'ANe1BmjZ4rq0Xa3l8v', criteria: { from: 'billing@vendor.example', hasAttachment: true }, action: { addLabelIds: ['Label_3'], removeLabelIds: ['INBOX'] } },
  { id: 'ANe1Bmh9kPq2Yb7c1w', criteria: { query: 'list:announce.example.com', size: 1000000, sizeComparison: 'larger' }, action: { removeLabelIds: ['UNREAD'], forward: 'archive@example.com' } },
];

export interface GmailFake extends GoogleFakeServer {
  messages: FakeMessage[];
  /** The decoded RFC 5322 text of each mail sent or drafted, in order. */
  sentRaw: string[];
  /** Empties the filter list, to see Gmail's `{}` answer. */
  clearFilters(): void;
}

/** Gmail ids are 16 hex digits; anything else is refused as Gmail does, before any lookup. */
const badId = (id: string): Reply | undefined => (/^[0-9a-f]{16}$/.test(id) ? undefined : googleError(400, 'invalidArgument', 'Invalid id value'));
const notFound = () => googleError(404, 'notFound', 'Requested entity was not found.');

function view(m: FakeMessage, format: string | undefined, metadataHeaders: string[]) {
  if (format === 'minimal') return { id: m.id, threadId: m.threadId, labelIds: m.labelIds, snippet: m.snippet, historyId: m.historyId, internalDate: m.internalDate, sizeEstimate: m.sizeEstimate };
  if (format !== 'metadata') return m;
  const wanted = metadataHeaders.map((n) => n.toLowerCase());
  const headers = m.payload.headers.filter((x) => wanted.length === 0 || wanted.includes(x.name.toLowerCase()));
  return { ...m, payload: { mimeType: m.payload.mimeType, headers } };
}

/** A subset of Gmail search: `is:unread`, `from:`, `subject:`; other terms are ignored. */
function matches(m: FakeMessage, q: string): boolean {
  const header = (n: string) => m.payload.headers.find((x) => x.name.toLowerCase() === n)?.value.toLowerCase() ?? '';
  return q.split(/\s+/).filter(Boolean).every((term) => {
    if (term === 'is:unread') return m.labelIds.includes('UNREAD');
    if (term.startsWith('from:')) return header('from').includes(term.slice(5).toLowerCase());
    if (term.startsWith('subject:')) return header('subject').includes(term.slice(8).toLowerCase());
    return true;
  });
}

export async function startGmailFake(): Promise<GmailFake> {
  const messages = seedMessages();
  const sentRaw: string[] = [];
  let filters = FILTERS;
  let nextId = 0x18f2b00000000000n;
  const arr = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const store = (raw: unknown, threadId: unknown, labelIds: string[]): FakeMessage | Reply => {
    if (typeof raw !== 'string' || raw === '') return googleError(400, 'invalidArgument', "'raw' RFC822 payload message string or uploading message via /upload/* URL required");
    const text = Buffer.from(raw, 'base64url').toString('utf8');
    sentRaw.push(text);
    const id = (nextId++).toString(16);
    const m: FakeMessage = { id, threadId: typeof threadId === 'string' ? threadId : id, labelIds, snippet: '', historyId: '987700', internalDate: '1714600000000', sizeEstimate: text.length,
      payload: { partId: '', mimeType: 'text/plain', filename: '', headers: [], body: { size: 0 } } };
    messages.unshift(m);
    return m;
  };
  const base = '/gmail/v1/users/me';
  const fake = await startGoogleFake('', [
    ['GET', new RegExp(`^${base}/messages$`), (r) => {
      const found = messages.filter((m) => (r.query.includeSpamTrash === 'true' || !m.labelIds.some((l) => l === 'SPAM' || l === 'TRASH')) && matches(m, String(r.query.q ?? '')));
      const size = Math.min(Number(r.query.maxResults ?? 100), 500);
      const start = r.query.pageToken ? Number(String(r.query.pageToken).replace(/^pt/, '')) : 0;
      const page = found.slice(start, start + size);
      if (found.length === 0) return { status: 200, body: { resultSizeEstimate: 0 } };
      return { status: 200, body: { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })), ...(start + size < found.length ? { nextPageToken: `pt${start + size}` } : {}), resultSizeEstimate: found.length } };
    }],
    ['GET', new RegExp(`^${base}/messages/([^/]+)$`), (r, [id]) => {
      const m = messages.find((x) => x.id === id);
      return badId(id) ?? (m ? { status: 200, body: view(m, r.query.format as string | undefined, arr(r.query.metadataHeaders)) } : notFound());
    }],
    ['GET', new RegExp(`^${base}/threads/([^/]+)$`), (r, [id]) => {
      // Oldest first, as Gmail lists a thread's messages.
      const inThread = messages.filter((m) => m.threadId === id).sort((a, b) => Number(a.internalDate) - Number(b.internalDate));
      return badId(id) ?? (inThread.length ? { status: 200, body: { id, historyId: '987650', messages: inThread.map((m) => view(m, r.query.format as string | undefined, arr(r.query.metadataHeaders))) } } : notFound());
    }],
    ['POST', new RegExp(`^${base}/messages/send$`), (r) => {
      const b = r.body as { raw?: unknown; threadId?: unknown } | undefined;
      const m = store(b?.raw, b?.threadId, ['SENT']);
      return 'status' in m ? m : { status: 200, body: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } };
    }],
    ['POST', new RegExp(`^${base}/drafts$`), (r) => {
      const b = r.body as { message?: { raw?: unknown; threadId?: unknown } } | undefined;
      const m = store(b?.message?.raw, b?.message?.threadId, ['DRAFT']);
      return 'status' in m ? m : { status: 200, body: { id: `r-${m.id.slice(-12)}`, message: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } } };
    }],
    ['POST', new RegExp(`^${base}/messages/([^/]+)/modify$`), (r, [id]) => {
      const invalid = badId(id);
      if (invalid) return invalid;
      const m = messages.find((x) => x.id === id);
      if (!m) return notFound();
      const b = r.body as { addLabelIds?: string[]; removeLabelIds?: string[] };
      const unknown = [...(b.addLabelIds ?? []), ...(b.removeLabelIds ?? [])].find((l) => !LABELS.some((x) => x.id === l));
      if (unknown) return googleError(400, 'invalidArgument', `Invalid label: ${unknown}`);
      m.labelIds = [...m.labelIds.filter((l) => !(b.removeLabelIds ?? []).includes(l)), ...(b.addLabelIds ?? []).filter((l) => !m.labelIds.includes(l))];
      return { status: 200, body: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } };
    }],
    ['GET', new RegExp(`^${base}/labels$`), () => ({ status: 200, body: { labels: LABELS } })],
    ['GET', new RegExp(`^${base}/settings/filters$`), () => ({ status: 200, body: filters.length ? { filter: filters } : {} })],
  ]);
  return Object.assign(fake, { messages, sentRaw, clearFilters: () => { filters = []; } });
}
