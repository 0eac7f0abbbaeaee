import { defined, text, type ToolAlias } from './alias-spec.js';

/**
 * `create_channel({ name, is_private?, topic? })` → `{ channel_id, channel_name }`. The catalog has
 * no tool that sets a topic, so `topic` is not sent.
 */
export const createChannel: ToolAlias = {
  name: 'create_channel',
  summary: 'name, is_private → channel_id, channel_name',
  targets: [
    {
      provider: 'slack',
      tool: 'slack_create_channel',
      params: (p) => {
        const isPrivate = p.is_private;
        return defined({ name: text(p, 'create_channel', 'name'), is_private: typeof isPrivate === 'boolean' ? isPrivate : undefined });
      },
      result: (out) => ({ channel_id: out.id, channel_name: out.name, is_private: out.is_private }),
    },
  ],
};
