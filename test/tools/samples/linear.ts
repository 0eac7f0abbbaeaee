import type { ToolSample } from './tool-sample.js';
import { ADA_ID, BUG_LABEL_ID, DONE_STATE_ID, ENG_TEAM_ID, ISSUE_ID } from '../../fakes/providers/linear.js';

/** One valid input per linear tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const linearSamples = {
  linear_list_teams: {
    input: { first: 1 },
    calls: ['POST /graphql'],
  },
  linear_list_issues: {
    input: { team_id: ENG_TEAM_ID, assigned_to_me: true, state_type: 'started', title_contains: 'safari' },
    calls: ['POST /graphql'],
  },
  linear_get_issue: {
    input: { issue_id: 'ENG-123' },
    calls: ['POST /graphql'],
  },
  linear_create_issue: {
    input: { team_id: ENG_TEAM_ID, title: 'Crash on logout', description: "Steps:\n1. Log out", priority: 1, assignee_id: ADA_ID, label_ids: [BUG_LABEL_ID], due_date: '2024-03-20' },
    calls: ['POST /graphql'],
  },
  linear_update_issue: {
    input: { issue_id: 'ENG-124', state_id: DONE_STATE_ID, assignee_id: null },
    calls: ['POST /graphql'],
  },
  linear_add_comment: {
    input: { issue_id: ISSUE_ID, body: 'Fixed in **#42**' },
    calls: ['POST /graphql'],
  },
  linear_list_workflow_states: {
    input: { team_id: ENG_TEAM_ID },
    calls: ['POST /graphql'],
  },
} satisfies Record<string, ToolSample>;
