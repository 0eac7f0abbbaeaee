import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, toRecipients } from './graph-api.js';

interface Input { to: string[]; subject: string; body: string; cc?: string[]; bcc?: string[]; is_html?: boolean }

const addresses = (minItems = 0) => ({ type: 'array', items: { type: 'string', format: 'email' }, minItems, maxItems: 100 });

export const sendEmail = defineTool<Input, { status: 'sent' }>({
  definition: {
    name: 'outlook_send_email',
    display_name: 'Send Email',
    description: 'Send an email; a copy is saved in Sent Items.',
    provider: 'outlook',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        to: addresses(1),
        subject: { type: 'string', maxLength: 500 },
        body: { type: 'string', maxLength: 100000 },
        cc: addresses(),
        bcc: addresses(),
        is_html: { type: 'boolean', default: false },
      },
      required: ['to', 'subject', 'body'],
      additionalProperties: false,
    },
    // Graph's sendMail answers 202 with no body: there is no message id to return.
    output_schema: { type: 'object', properties: { status: { type: 'string', enum: ['sent'] } }, required: ['status'] },
  },
  // A second call sends a second mail, but nothing is destroyed.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    await callGraph(ctx, {
      method: 'POST',
      path: `${GRAPH}/me/sendMail`,
      json: {
        message: {
          subject: input.subject,
          body: { contentType: input.is_html ? 'HTML' : 'Text', content: input.body },
          toRecipients: toRecipients(input.to),
          ...(input.cc?.length ? { ccRecipients: toRecipients(input.cc) } : {}),
          ...(input.bcc?.length ? { bccRecipients: toRecipients(input.bcc) } : {}),
        },
        saveToSentItems: true,
      },
    }, 'send');
    return { status: 'sent' };
  },
});
