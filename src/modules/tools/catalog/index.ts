import type { ToolSpec } from '../definition/tool-spec.js';

import { tools as gmail } from './gmail/index.js';
import { tools as googleCalendar } from './google_calendar/index.js';
import { tools as slack } from './slack/index.js';
import { tools as github } from './github/index.js';
import { tools as notion } from './notion/index.js';
import { tools as linear } from './linear/index.js';
import { tools as hubspot } from './hubspot/index.js';
import { tools as salesforce } from './salesforce/index.js';
import { tools as jira } from './jira/index.js';
import { tools as asana } from './asana/index.js';
import { tools as googleDrive } from './google_drive/index.js';
import { tools as googleSheets } from './google_sheets/index.js';
import { tools as outlook } from './outlook/index.js';
import { tools as microsoftTeams } from './microsoft_teams/index.js';
import { tools as confluence } from './confluence/index.js';
import { tools as zendesk } from './zendesk/index.js';
/** Every built-in tool, connector by connector (a folder each; listed here so tsx and the build see the same set). */
export const BUILTIN_TOOLS: readonly ToolSpec[] = [
  gmail, googleCalendar, slack, github, notion, linear, hubspot, salesforce, jira, asana, googleDrive, googleSheets, outlook, microsoftTeams, confluence, zendesk,
].flat();
