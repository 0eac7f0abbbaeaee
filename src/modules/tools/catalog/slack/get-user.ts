import { defineTool } from '../../definition/tool-spec.js';
import { slackOk } from './slack-api.js';

interface Input { user: string }

interface SlackUser {
  id: string; name?: string; real_name?: string; tz?: string; is_bot?: boolean; deleted?: boolean; is_admin?: boolean;
  profile?: { display_name?: string; real_name?: string; email?: string; title?: string };
}

/** users.info: the person behind a user id seen in messages. Email needs users:read.email. */
export const getUser = defineTool<Input, unknown>({
  definition: {
    name: 'slack_get_user',
    display_name: 'Get User',
    description: 'Look up a user by id: name, title, email, time zone.',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { user: { type: 'string', pattern: '^[UW][A-Z0-9]{2,20}$' } },
      required: ['user'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        id: { type: 'string' }, name: { type: 'string' }, real_name: { type: 'string' }, display_name: { type: 'string' },
        title: { type: 'string' }, email: { type: ['string', 'null'] }, tz: { type: ['string', 'null'] },
        is_bot: { type: 'boolean' }, deleted: { type: 'boolean' },
      },
      required: ['id', 'name'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: (input) => ({ method: 'GET', path: '/users.info', query: { user: input.user } }),
  shape: (body: { user: SlackUser }) => {
    const { user } = slackOk(body);
    return {
      id: user.id,
      name: user.name ?? '',
      real_name: user.real_name ?? user.profile?.real_name ?? '',
      display_name: user.profile?.display_name ?? '',
      title: user.profile?.title ?? '',
      email: user.profile?.email ?? null,
      tz: user.tz ?? null,
      is_bot: user.is_bot ?? false,
      deleted: user.deleted ?? false,
    };
  },
});
