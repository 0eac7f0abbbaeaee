import { defineTool } from '../../definition/tool-spec.js';
import { jiraCall } from './jira-api.js';
import { cloudId, issueSummaryOut, nextCursorOut, shapeIssueSummary, SUMMARY_FIELDS, type JiraIssue } from './jira-schema.js';

interface Input { cloud_id?: string; jql: string; max_results?: number; cursor?: string }

export const searchIssues = defineTool<Input, unknown>({
  definition: {
    name: 'jira_search_issues',
    display_name: 'Search Jira issues',
    description: 'Find issues with JQL, e.g. "project = PROJ AND status != Done"; it must restrict something.',
    provider: 'jira',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        jql: { type: 'string', minLength: 1, maxLength: 4000 },
        max_results: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        cursor: { type: 'string', maxLength: 2048 },
      },
      required: ['jql'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { issues: { type: 'array', items: issueSummaryOut }, next_cursor: nextCursorOut },
      required: ['issues', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // The enhanced search (POST /search/jql) pages with nextPageToken; the old /search is being removed.
    const { body } = await jiraCall(ctx, input.cloud_id, {
      method: 'POST',
      path: '/search/jql',
      json: { jql: input.jql, maxResults: input.max_results ?? 20, fields: SUMMARY_FIELDS, nextPageToken: input.cursor },
    });
    const page = body as { issues?: JiraIssue[]; nextPageToken?: string | null; isLast?: boolean };
    return {
      issues: (page.issues ?? []).map(shapeIssueSummary),
      next_cursor: page.isLast === true ? null : (page.nextPageToken ?? null),
    };
  },
});
