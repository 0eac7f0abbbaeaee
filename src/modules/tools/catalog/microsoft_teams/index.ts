import type { ToolSpec } from '../../definition/tool-spec.js';
import { listChannelMessages } from './list-channel-messages.js';
import { listChannels } from './list-channels.js';
import { listChatMessages } from './list-chat-messages.js';
import { listChats } from './list-chats.js';
import { listTeams } from './list-teams.js';
import { replyToChannelMessage } from './reply-to-channel-message.js';
import { sendChannelMessage } from './send-channel-message.js';
import { sendChatMessage } from './send-chat-message.js';

/** The microsoft_teams connector's tools (Microsoft Graph; one file per tool in this folder). */
export const tools: ToolSpec[] = [
  listTeams, listChannels, listChannelMessages, sendChannelMessage, replyToChannelMessage, listChats, listChatMessages, sendChatMessage,
];
