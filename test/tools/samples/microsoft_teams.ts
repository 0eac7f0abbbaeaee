import type { ToolSample } from './tool-sample.js';
import { TEAMS_IDS } from '../../fakes/providers/microsoft_teams.js';

const { TEAM_ID, GENERAL, CHAT_ONE, CHAT_GROUP } = TEAMS_IDS;

/** One valid input per microsoft_teams tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const microsoftTeamsSamples = {
  microsoft_teams_list_teams: {
    input: { limit: 1 },
    calls: ['GET /v1.0/me/joinedTeams'],
  },
  microsoft_teams_list_channels: {
    input: { team_id: TEAM_ID },
    calls: ['GET /v1.0/teams/172b0cce-e65d-44ce-9a49-91d9f2e8493a/channels'],
  },
  microsoft_teams_list_channel_messages: {
    input: { team_id: TEAM_ID, channel_id: GENERAL, limit: 2 },
    calls: ['GET /v1.0/teams/172b0cce-e65d-44ce-9a49-91d9f2e8493a/channels/19%3A561fbdbbfca848a484f0a6f00ce9dbbd%40thread.tacv2/messages'],
  },
  microsoft_teams_send_channel_message: {
    input: { team_id: TEAM_ID, channel_id: GENERAL, content: 'Deploy done ✅', subject: 'Deploy', importance: 'high' },
    calls: ['POST /v1.0/teams/172b0cce-e65d-44ce-9a49-91d9f2e8493a/channels/19%3A561fbdbbfca848a484f0a6f00ce9dbbd%40thread.tacv2/messages'],
  },
  microsoft_teams_reply_to_channel_message: {
    input: { team_id: TEAM_ID, channel_id: GENERAL, message_id: '1714564800000', content: 'Congrats!' },
    calls: ['POST /v1.0/teams/172b0cce-e65d-44ce-9a49-91d9f2e8493a/channels/19%3A561fbdbbfca848a484f0a6f00ce9dbbd%40thread.tacv2/messages/1714564800000/replies'],
  },
  microsoft_teams_list_chats: {
    input: { limit: 1 },
    calls: ['GET /v1.0/me/chats'],
  },
  microsoft_teams_list_chat_messages: {
    input: { chat_id: CHAT_ONE },
    calls: ['GET /v1.0/chats/19%3A8b081ef6-4792-4def-b2c9-c363a1bf41d5_5031bb31-22c0-4f6f-9f73-91d34ab2b32d%40unq.gbl.spaces/messages'],
  },
  microsoft_teams_send_chat_message: {
    input: { chat_id: CHAT_GROUP, content: 'On my way' },
    calls: ['POST /v1.0/chats/19%3A561082c0f3f847a58069deb8eb300807%40thread.v2/messages'],
  },
} satisfies Record<string, ToolSample>;
