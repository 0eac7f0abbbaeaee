import { defineTool } from '../../definition/tool-spec.js';
import { adfToText } from './adf.js';
import { issuePath, jiraCall } from './jira-api.js';
import { cloudId, issueKey, issueSummaryOut, shapeIssueSummary, SUMMARY_FIELDS, type JiraIssue } from './jira-schema.js';

interface Input { cloud_id?: string; issue_key: string }

/** The latest comments are the ones a model usually needs; older ones stay on the site. */
const LAST_COMMENTS = 5;

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };

export const getIssue = defineTool<Input, unknown>({
  definition: {
    name: 'jira_get_issue',
    display_name: 'Get Jira issue',
    description: 'Read an issue with its latest comments.',
    provider: 'jira',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { cloud_id: cloudId, issue_key: issueKey },
      required: ['issue_key'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        ...issueSummaryOut.properties,
        project_key: nullableStr,
        parent_key: nullableStr,
        reporter: nullableStr,
        created: nullableStr,
        labels: { type: 'array', items: str },
        description: str,
        comment_total: { type: 'integer' },
        comments: {
          type: 'array',
          items: { type: 'object', properties: { id: str, author: nullableStr, created: nullableStr, text: str }, required: ['id'] },
        },
      },
      required: [...issueSummaryOut.required, 'description', 'comments'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const fields = [...SUMMARY_FIELDS, 'project', 'parent', 'reporter', 'created', 'labels', 'description', 'comment'];
    const { body } = await jiraCall(ctx, input.cloud_id, { method: 'GET', path: issuePath(input.issue_key), query: { fields: fields.join(',') } });
    const issue = body as JiraIssue;
    const f = issue.fields ?? {};
    const comments = f.comment?.comments ?? [];
    return {
      ...shapeIssueSummary(issue),
      project_key: f.project?.key ?? null,
      parent_key: f.parent?.key ?? null,
      reporter: f.reporter?.displayName ?? null,
      created: f.created ?? null,
      labels: f.labels ?? [],
      description: adfToText(f.description),
      comment_total: f.comment?.total ?? comments.length,
      comments: comments.slice(-LAST_COMMENTS).map((c) => ({
        id: c.id,
        author: c.author?.displayName ?? null,
        created: c.created ?? null,
        text: adfToText(c.body, 2000),
      })),
    };
  },
});
