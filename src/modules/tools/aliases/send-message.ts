import { invalidArgument } from '../../errors/domain-error.js';
import { defined, text, type ToolAlias } from './alias-spec.js';

/**
 * `send_message({ channel, text, thread_ts? })` → `{ message_ts, channel, ... }`. Slack's legacy
 * `attachments` are not sent (slack_send_message posts text only); on Teams, `channel` is
 * `<team_id>/<channel_id>` (Teams has no channel names that are unique).
 */
export const sendMessage: ToolAlias = {
  name: 'send_message',
  summary: 'channel, text, thread_ts → message_ts, channel',
  targets: [
    {
      provider: 'slack',
      tool: 'slack_send_message',
      params: (p) => defined({ channel: text(p, 'send_message', 'channel'), text: text(p, 'send_message', 'text'), thread_ts: text(p, 'send_message', 'thread_ts', false) }),
      result: (out) => ({ ok: true, channel: out.channel, message_ts: out.ts, ts: out.ts, text: out.text }),
    },
    {
      provider: 'microsoft_teams',
      tool: 'microsoft_teams_send_channel_message',
      params: (p) => {
        const channel = text(p, 'send_message', 'channel') as string;
        const [teamId, channelId] = channel.split('/');
        if (!teamId || !channelId) throw invalidArgument('send_message.parameters.channel', 'must be <team_id>/<channel_id> on Microsoft Teams');
        return { team_id: teamId, channel_id: channelId, content: text(p, 'send_message', 'text') as string };
      },
      result: (out) => ({ ok: true, channel: null, message_ts: out.id, ts: out.id, permalink: out.web_url }),
    },
  ],
};
