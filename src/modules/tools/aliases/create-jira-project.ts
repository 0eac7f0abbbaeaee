import { defined, text, type ToolAlias } from './alias-spec.js';

/** `create_jira_project({ key, name, description?, project_type? })` → `{ project_id, project_key, project_url }` (jira_create_project). */
export const createJiraProject: ToolAlias = {
  name: 'create_jira_project',
  summary: 'key, name, description, project_type → project_id, project_key, project_url',
  targets: [
    {
      provider: 'jira',
      tool: 'jira_create_project',
      params: (p) => defined({
        key: text(p, 'create_jira_project', 'key'),
        name: text(p, 'create_jira_project', 'name'),
        description: text(p, 'create_jira_project', 'description', false),
        project_type: text(p, 'create_jira_project', 'project_type', false),
      }),
      result: (out) => ({ project_id: out.project_id, project_key: out.project_key, project_url: out.project_url }),
    },
  ],
};
