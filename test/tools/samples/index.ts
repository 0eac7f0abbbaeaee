import type { ToolSample } from './tool-sample.js';
import { asanaSamples } from './asana.js';
import { confluenceSamples } from './confluence.js';
import { githubSamples } from './github.js';
import { gmailSamples } from './gmail.js';
import { googleCalendarSamples } from './google_calendar.js';
import { googleDriveSamples } from './google_drive.js';
import { googleSheetsSamples } from './google_sheets.js';
import { hubspotSamples } from './hubspot.js';
import { jiraSamples } from './jira.js';
import { linearSamples } from './linear.js';
import { microsoftTeamsSamples } from './microsoft_teams.js';
import { notionSamples } from './notion.js';
import { outlookSamples } from './outlook.js';
import { salesforceSamples } from './salesforce.js';
import { slackSamples } from './slack.js';
import { zendeskSamples } from './zendesk.js';

/** Every connector's samples by tool name; a catalog tool missing here fails the ExecuteTool sweep. */
export const TOOL_SAMPLES: Readonly<Record<string, ToolSample>> = {
  ...asanaSamples, ...confluenceSamples, ...githubSamples, ...gmailSamples, ...googleCalendarSamples, ...googleDriveSamples,
  ...googleSheetsSamples, ...hubspotSamples, ...jiraSamples, ...linearSamples, ...microsoftTeamsSamples, ...notionSamples,
  ...outlookSamples, ...salesforceSamples, ...slackSamples, ...zendeskSamples,
};
