import type { ToolSpec } from '../../definition/tool-spec.js';
import { addReaction } from './add-reaction.js';
import { createChannel } from './create-channel.js';
import { fetchChannelHistory } from './fetch-channel-history.js';
import { fetchThreadReplies } from './fetch-thread-replies.js';
import { getUser } from './get-user.js';
import { listChannels } from './list-channels.js';
import { searchMessages } from './search-messages.js';
import { sendMessage } from './send-message.js';

/** The slack connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [
  sendMessage, listChannels, fetchChannelHistory, fetchThreadReplies, searchMessages, getUser, createChannel, addReaction,
];
