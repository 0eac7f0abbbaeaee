import type { ToolSample } from './tool-sample.js';

/** One valid input per gmail tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const gmailSamples = {
  gmail_fetch_mails: {
    input: { query: 'is:unread', max_results: 5 },
    calls: ['GET /gmail/v1/users/me/messages', 'GET /gmail/v1/users/me/messages/18f2a1c3d4e5f601', 'GET /gmail/v1/users/me/messages/18f2a0b1c2d3e402'],
  },
  gmail_get_message: {
    input: { message_id: '18f29f00aa11bb03' },
    calls: ['GET /gmail/v1/users/me/messages/18f29f00aa11bb03'],
  },
  gmail_send_email: {
    input: { to: ['bob@example.com', 'carol@example.com'], cc: ['dan@example.com'], subject: 'Résumé attached ✓', body: "Hi Bob,\n\nSee you at 10. — Ana" },
    calls: ['POST /gmail/v1/users/me/messages/send'],
  },
  gmail_create_draft: {
    input: { to: ['bob@example.com'], bcc: ['boss@example.com'], subject: 'Draft plan', body: 'First version.' },
    calls: ['POST /gmail/v1/users/me/drafts'],
  },
  gmail_list_labels: {
    input: { max_results: 5 },
    calls: ['GET /gmail/v1/users/me/labels'],
  },
  gmail_list_filters: {
    input: {},
    calls: ['GET /gmail/v1/users/me/settings/filters'],
  },
  gmail_modify_labels: {
    input: { message_id: '18f2a0b1c2d3e402', add_label_ids: ['Label_3'], remove_label_ids: ['UNREAD', 'INBOX'] },
    calls: ['POST /gmail/v1/users/me/messages/18f2a0b1c2d3e402/modify'],
  },
} satisfies Record<string, ToolSample>;
