import { defined, list, text, type ToolAlias } from './alias-spec.js';

/** Gmail's tool sends text/plain: an HTML body goes as its text, tags removed, entities left as they are. */
const htmlAsText = (html: string) => html.replace(/<(br|\/p|\/div|\/h\d|\/li)\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '').replace(/\n{3,}/g, '\n\n');

function mail(p: Record<string, unknown>) {
  const body = text(p, 'send_email', 'body', false);
  const html = text(p, 'send_email', 'html_body', false);
  if (body === undefined && html === undefined) text(p, 'send_email', 'body');
  return { to: list(p, 'send_email', 'to'), subject: text(p, 'send_email', 'subject'), body, html, cc: list(p, 'send_email', 'cc', false), bcc: list(p, 'send_email', 'bcc', false) };
}

/** `send_email({ to: [..], subject, body | html_body, cc?, bcc? })` → `{ message_id, status }`. */
export const sendEmail: ToolAlias = {
  name: 'send_email',
  summary: 'to[], subject, body or html_body, cc[], bcc[] → message_id, status',
  targets: [
    {
      provider: 'gmail',
      tool: 'gmail_send_email',
      params: (p) => {
        const m = mail(p);
        return defined({ to: m.to, subject: m.subject, body: m.body ?? htmlAsText(m.html ?? ''), cc: m.cc, bcc: m.bcc });
      },
      result: (out) => ({ message_id: out.message_id, thread_id: out.thread_id, status: out.status }),
    },
    {
      provider: 'outlook',
      tool: 'outlook_send_email',
      params: (p) => {
        const m = mail(p);
        return defined({ to: m.to, subject: m.subject, body: m.html ?? m.body, is_html: m.html !== undefined, cc: m.cc, bcc: m.bcc });
      },
      // Graph's sendMail answers 202 without an id.
      result: (out) => ({ message_id: null, status: out.status }),
    },
  ],
};
