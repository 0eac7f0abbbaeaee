import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { jiraCall, listJiraSites } from './jira-api.js';
import { cloudId } from './jira-schema.js';

interface Input { cloud_id?: string; key: string; name: string; description?: string; project_type?: 'software' | 'business' | 'service_desk' }

/**
 * POST /rest/api/3/project, led by the user (GET /myself). Added for the seed's generic
 * `create_jira_project` (src/modules/tools/aliases/). Needs a Jira admin and the
 * manage:jira-configuration scope.
 */
export const createProject = defineTool<Input, { project_id: string; project_key: string; project_url: string }>({
  definition: {
    name: 'jira_create_project',
    display_name: 'Create Jira project',
    description: 'Create a project led by the user; needs Jira admin rights.',
    provider: 'jira',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        key: { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,9}$', description: 'Upper case, 2-10 characters' },
        name: { type: 'string', minLength: 1, maxLength: 80 },
        description: { type: 'string', maxLength: 4000 },
        project_type: { type: 'string', enum: ['software', 'business', 'service_desk'], default: 'software' },
      },
      required: ['key', 'name'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { project_id: { type: 'string' }, project_key: { type: 'string' }, project_url: { type: 'string' } },
      required: ['project_id', 'project_key'],
    },
  },
  // A second call with the same key fails (the key is taken); nothing is destroyed.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const sites = await listJiraSites(ctx);
    const site = input.cloud_id ? sites.find((s) => s.id === input.cloud_id) : sites.length === 1 ? sites[0] : undefined;
    if (!site) throw new ToolFailure(sites.length > 1 && !input.cloud_id ? `this account reaches ${sites.length} Jira sites; pass cloud_id` : 'this account can reach no such Jira site', undefined, 'no_site');
    const me = (await jiraCall(ctx, site.id, { method: 'GET', path: '/myself' })).body as { accountId?: string };
    if (!me.accountId) throw new ToolFailure('Jira did not say who the user is (GET /myself)', undefined, 'no_account_id');
    const { body } = await jiraCall(ctx, site.id, {
      method: 'POST',
      path: '/project',
      json: { key: input.key, name: input.name, description: input.description, projectTypeKey: input.project_type ?? 'software', leadAccountId: me.accountId },
    });
    const created = body as { id: number | string; key: string };
    return { project_id: String(created.id), project_key: created.key, project_url: `${site.url.replace(/\/$/, '')}/browse/${encodeURIComponent(created.key)}` };
  },
});
