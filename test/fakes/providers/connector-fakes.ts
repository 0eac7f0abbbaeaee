import type http from 'node:http';
import { startAsanaFake } from './asana.js';
import { startConfluenceFake } from './confluence.js';
import { startGitHubFake } from './github.js';
import { startGmailFake } from './gmail.js';
import { startGoogleCalendarFake } from './google_calendar.js';
import { startGoogleDriveFake } from './google_drive.js';
import { startGoogleSheetsFake } from './google_sheets.js';
import { startHubSpotFake } from './hubspot.js';
import { startJiraFake } from './jira.js';
import { startLinearFake } from './linear.js';
import { startTeamsFake } from './microsoft_teams.js';
import { startNotionFake } from './notion.js';
import { startOutlookFake } from './outlook.js';
import { startSalesforceFake } from './salesforce.js';
import { startSlackFake } from './slack.js';
import { startZendeskFake } from './zendesk.js';

/** What every fake records of a request it received. */
export interface ReceivedCall { method: string; path: string; headers: http.IncomingHttpHeaders }

/** Any connector's fake seen the same way: where it listens (its proxy_url) and what it received, in order. */
export interface ConnectorFake {
  url: string;
  received(): readonly ReceivedCall[];
  close(): Promise<void>;
}

type Recording = { url: string; close(): Promise<void> } & ({ requests: ReceivedCall[] } | { received: ReceivedCall[] });
/** `token` is the access token the fake must see (fakes that check it exactly: HubSpot, Salesforce). */
type Starter = (opts: { token: string }) => Promise<ConnectorFake>;
const uniform = (start: (opts: { token: string }) => Promise<Recording>): Starter => async (opts) => {
  const fake = await start(opts);
  return { url: fake.url, received: () => ('requests' in fake ? fake.requests : fake.received), close: () => fake.close() };
};

/** Each built-in connector (provider key) to a starter of its loopback fake. */
export const CONNECTOR_FAKES: Readonly<Record<string, Starter>> = {
  asana: uniform(startAsanaFake),
  confluence: uniform(startConfluenceFake),
  github: uniform(startGitHubFake),
  gmail: uniform(startGmailFake),
  google_calendar: uniform(startGoogleCalendarFake),
  google_drive: uniform(startGoogleDriveFake),
  google_sheets: uniform(startGoogleSheetsFake),
  hubspot: uniform(startHubSpotFake),
  jira: uniform(startJiraFake),
  linear: uniform(startLinearFake),
  microsoft_teams: uniform(startTeamsFake),
  notion: uniform(startNotionFake),
  outlook: uniform(startOutlookFake),
  salesforce: uniform(startSalesforceFake),
  slack: uniform(startSlackFake),
  zendesk: uniform(startZendeskFake),
};
