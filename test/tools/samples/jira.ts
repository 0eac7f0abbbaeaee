import type { ToolSample } from './tool-sample.js';
import { JIRA_CLOUD_ID } from '../../fakes/providers/jira.js';

/** One valid input per jira tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const jiraSamples = {
  jira_search_issues: {
    input: { jql: 'project = PROJ ORDER BY updated DESC', max_results: 2 },
    calls: ['GET /oauth/token/accessible-resources', 'POST /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/search/jql'],
  },
  jira_get_issue: {
    input: { cloud_id: JIRA_CLOUD_ID, issue_key: 'PROJ-42' },
    calls: ['GET /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/issue/PROJ-42'],
  },
  jira_create_issue: {
    input: { cloud_id: JIRA_CLOUD_ID, project_key: 'PROJ', summary: 'Add SSO to the admin console', issue_type: 'Story', description: "As an admin I sign in with SSO.\nNo password.\n\nAcceptance: Okta works.", labels: ['sso'], priority: 'High', assignee_account_id: '5b10a2844c20165700ede21g' },
    calls: ['POST /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/issue'],
  },
  jira_add_comment: {
    input: { cloud_id: JIRA_CLOUD_ID, issue_key: 'PROJ-43', text: 'Scheduled for Friday.' },
    calls: ['POST /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/issue/PROJ-43/comment'],
  },
  jira_transition_issue: {
    input: { issue_key: 'PROJ-43', transition: 'in progress' },
    calls: ['GET /oauth/token/accessible-resources', 'GET /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/issue/PROJ-43/transitions', 'POST /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/issue/PROJ-43/transitions'],
  },
  jira_list_projects: {
    input: { cloud_id: JIRA_CLOUD_ID, max_results: 2 },
    calls: ['GET /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/project/search'],
  },
  jira_list_sites: {
    input: {},
    calls: ['GET /oauth/token/accessible-resources'],
  },
  jira_create_project: {
    input: { key: 'SSO', name: 'Single sign-on', description: 'SSO for the admin console.', project_type: 'software' },
    calls: ['GET /oauth/token/accessible-resources', 'GET /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/myself', 'POST /ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/project'],
  },
} satisfies Record<string, ToolSample>;
