import { defineTool, ToolFailure } from '../../definition/tool-spec.js';
import { issuePath, jiraCall, resolveCloudId } from './jira-api.js';
import { cloudId, issueKey } from './jira-schema.js';

interface Input { cloud_id?: string; issue_key: string; transition: string }

interface Transition { id: string; name: string; to?: { name?: string } }

/** A model names where it wants the issue to go; Jira needs the id of a transition available now. */
function pick(transitions: Transition[], wanted: string): Transition | undefined {
  const w = wanted.trim().toLowerCase();
  return transitions.find((t) => t.id === wanted.trim())
    ?? transitions.find((t) => t.name.toLowerCase() === w)
    ?? transitions.find((t) => t.to?.name?.toLowerCase() === w);
}

export const transitionIssue = defineTool<Input, unknown>({
  definition: {
    name: 'jira_transition_issue',
    display_name: 'Move Jira issue',
    description: 'Move an issue through its workflow, e.g. to "Done".',
    provider: 'jira',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        issue_key: issueKey,
        transition: { type: 'string', minLength: 1, maxLength: 100, description: 'Transition name or id, or target status' },
      },
      required: ['issue_key', 'transition'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        issue_key: { type: 'string' },
        transition_id: { type: 'string' },
        transition_name: { type: 'string' },
        status: { type: ['string', 'null'] },
      },
      required: ['transition_id', 'status'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const site = await resolveCloudId(ctx, input.cloud_id); // once for both calls
    const path = issuePath(input.issue_key, '/transitions');
    const { body } = await jiraCall(ctx, site, { method: 'GET', path });
    const transitions = ((body as { transitions?: Transition[] }).transitions ?? []);
    const chosen = pick(transitions, input.transition);
    if (!chosen) {
      const options = transitions.map((t) => `${t.name} (→ ${t.to?.name ?? '?'})`).join(', ') || 'none';
      throw new ToolFailure(`no transition "${input.transition.slice(0, 100)}" is available for ${input.issue_key} now; available: ${options}`, undefined, 'transition_not_found');
    }
    await jiraCall(ctx, site, { method: 'POST', path, json: { transition: { id: chosen.id } } });
    return { issue_key: input.issue_key, transition_id: chosen.id, transition_name: chosen.name, status: chosen.to?.name ?? null };
  },
});
