import { startEchoUpstream, type RecordedRequest } from '../echo-upstream.js';
import { lastReceived, receivedFrom, sendJson, type ReceivedRequest as RecordedJsonRequest } from './recorded-json-fake.js';
import { graphql, GraphQLError, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { LINEAR_SCHEMA } from './linear-schema.js';

/**
 * A loopback Linear GraphQL API (POST /graphql, https://linear.app/developers/graphql): the
 * `graphql` package executes each request against the subset of Linear's schema in
 * linear-schema.ts, over teams, issues, workflow states and comments. Linear's error answers:
 * parse, schema and variable errors as HTTP 400, "Entity not found" as `errors` in a 200. Only the
 * fields a query selects come back, and a field Linear's schema lacks is refused.
 */

export interface ReceivedRequest extends RecordedJsonRequest {
  /** The parsed operation: its name and root field names. */
  operation?: { name?: string; kind: string; fields: string[] };
}

export const ENG_TEAM_ID = 'a1e2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b';
export const DES_TEAM_ID = 'b2f3c4d5-e6f7-4a81-9bac-1d2e3f4a5b6c';
export const ADA_ID = '2e5d9e1a-7c3f-4b8a-9d6e-1f2a3b4c5d6e';
export const GRACE_ID = '3f6eaf2b-8d4a-4c9b-8e7f-2a3b4c5d6e7f';
export const ISSUE_ID = '9cfb482a-81e3-4154-b5b9-2c805e70a02d';
export const DONE_STATE_ID = 'd4e5f6a7-b8c9-4dae-8f01-234567890abc';
export const BUG_LABEL_ID = 'e5f6a7b8-c9da-4ebf-9012-34567890abcd';

const T0 = '2024-03-01T09:00:00.000Z';
const user = (id: string, name: string, email: string) => ({ id, name, displayName: name.split(' ')[0].toLowerCase(), email, active: true });
const conn = (nodes: any[]) => ({ nodes, pageInfo: pageInfo(false, nodes.at(-1)?.id ?? null) });
const pageInfo = (hasNextPage: boolean, endCursor: string | null) => ({ hasNextPage, hasPreviousPage: false, startCursor: null, endCursor });
const PRIORITY = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

function seed() {
  const users = [user(ADA_ID, 'Ada Lovelace', 'ada@example.com'), user(GRACE_ID, 'Grace Hopper', 'grace@example.com')];
  const team = (id: string, key: string, name: string, description: string | null) => ({ id, key, name, description, private: false, createdAt: T0 });
  const teams = [team(ENG_TEAM_ID, 'ENG', 'Engineering', 'Product engineering'), team(DES_TEAM_ID, 'DES', 'Design', null)];
  const state = (id: string, name: string, type: string, position: number, teamObj: any) => ({ id, name, type, position, color: '#95a2b3', description: null, team: teamObj });
  const states = [
    state('c1d2e3f4-a5b6-4c7d-8e9f-000000000001', 'Backlog', 'backlog', 0, teams[0]),
    state('c1d2e3f4-a5b6-4c7d-8e9f-000000000003', 'In Progress', 'started', 2, teams[0]),
    state('c1d2e3f4-a5b6-4c7d-8e9f-000000000002', 'Todo', 'unstarted', 1, teams[0]),
    state(DONE_STATE_ID, 'Done', 'completed', 3, teams[0]),
    state('c1d2e3f4-a5b6-4c7d-8e9f-000000000009', 'Backlog', 'backlog', 0, teams[1]),
  ];
  const labels = [{ id: BUG_LABEL_ID, name: 'Bug', color: '#eb5757' }];
  const project = { id: 'f6a7b8c9-daeb-4fc0-a123-4567890abcde', name: 'Q1 Auth revamp', url: 'https://linear.app/acme/project/q1-auth-revamp-2b3c4d5e6f70' };
  const issue = (id: string, teamObj: any, number: number, title: string, slug: string, extra: Record<string, unknown>) => ({
    id, number, identifier: `${teamObj.key}-${number}`, title, description: null, priority: 0, priorityLabel: PRIORITY[0],
    estimate: null, url: `https://linear.app/acme/issue/${teamObj.key}-${number}/${slug}`, branchName: `ada/${teamObj.key.toLowerCase()}-${number}-${slug}`,
    createdAt: T0, updatedAt: T0, dueDate: null, archivedAt: null, team: teamObj, assignee: null, project: null, parent: null,
    labels: conn([]), comments: conn([]), ...extra,
  });
  const issues = [
    issue(ISSUE_ID, teams[0], 123, 'Login fails on Safari', 'login-fails-on-safari', {
      description: 'Safari 17 users get a blank page after **Sign in**.', priority: 2, priorityLabel: 'High', updatedAt: '2024-03-04T10:00:00.000Z',
      dueDate: '2024-03-08', state: states[1], assignee: users[0], project, labels: conn(labels),
      comments: conn([{ id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', body: 'Reproduced on 17.2.', createdAt: '2024-03-02T08:00:00.000Z', url: 'https://linear.app/acme/issue/ENG-123/login-fails-on-safari#comment-0a1b2c3d', user: users[1] }]),
    }),
    issue('1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a', teams[0], 124, 'Add dark mode', 'add-dark-mode', { priority: 3, priorityLabel: 'Medium', updatedAt: '2024-03-03T10:00:00.000Z', state: states[2] }),
    issue('2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', teams[1], 7, 'Refresh onboarding illustrations', 'refresh-onboarding-illustrations', { updatedAt: '2024-03-02T10:00:00.000Z', state: states[4], assignee: users[1] }),
  ];
  return { users, teams, states, labels, issues, viewer: users[0], created: 0 };
}

type State = ReturnType<typeof seed>;

/** Linear's answer to an id that resolves to nothing: an `errors` entry in a 200, the field (and so `data`) null. */
const notFound = (entity: string) => new GraphQLError(`Entity not found: ${entity}`, {
  extensions: { code: 'INPUT_ERROR', statusCode: 400, type: 'invalid input', userError: true, userPresentableMessage: `Could not find referenced ${entity}.` },
});
const orThrow = <T>(value: T | undefined, entity: string): T => {
  if (value === undefined) throw notFound(entity);
  return value;
};

/** Linear's connection arguments: `first` items after the node whose id is `after`. */
function page<T extends { id: string }>(items: T[], args: { first?: number | null; after?: string | null }) {
  const start = args.after ? items.findIndex((i) => i.id === args.after) + 1 : 0;
  const first = args.first ?? 50;
  const nodes = items.slice(start, start + first);
  return { nodes, pageInfo: pageInfo(start + first < items.length, nodes.at(-1)?.id ?? null) };
}

/** The IssueFilter comparators the tools send (the schema has already refused unknown ones). */
function matches(issue: any, filter: any, viewerId: string): boolean {
  if (!filter) return true;
  if (filter.team?.id?.eq && issue.team.id !== filter.team.id.eq) return false;
  if (filter.assignee?.isMe?.eq && issue.assignee?.id !== viewerId) return false;
  if (filter.assignee?.id?.eq && issue.assignee?.id !== filter.assignee.id.eq) return false;
  if (filter.state?.type?.eq && issue.state?.type !== filter.state.type.eq) return false;
  if (filter.title?.containsIgnoreCase && !issue.title.toLowerCase().includes(String(filter.title.containsIgnoreCase).toLowerCase())) return false;
  return true;
}

const findIssue = (s: State, id: string) => orThrow(s.issues.find((i) => i.id === id || i.identifier === String(id).toUpperCase()), 'Issue');

function applyFields(s: State, issue: any, input: any) {
  if (input.title !== undefined) issue.title = input.title;
  if (input.description !== undefined) issue.description = input.description;
  if (input.priority !== undefined) { issue.priority = input.priority; issue.priorityLabel = PRIORITY[input.priority]; }
  if (input.dueDate !== undefined) issue.dueDate = input.dueDate;
  if (input.assigneeId !== undefined) issue.assignee = input.assigneeId === null ? null : orThrow(s.users.find((u) => u.id === input.assigneeId), 'User');
  if (input.stateId !== undefined) issue.state = orThrow(s.states.find((st) => st.id === input.stateId), 'WorkflowState');
  if (input.labelIds !== undefined) issue.labels = conn(input.labelIds.map((id: string) => orThrow(s.labels.find((l) => l.id === id), 'IssueLabel')));
}

/** Root resolvers for `graphql()`: Query and Mutation fields by name, each given its coerced arguments. */
function rootResolvers(s: State): Record<string, (args: any) => unknown> {
  return {
    viewer: () => s.viewer,
    teams: (a) => page(s.teams, a),
    workflowStates: (a) => page(s.states.filter((st) => !a.filter?.team?.id?.eq || st.team.id === a.filter.team.id.eq), a),
    issues: (a) => {
      const key = a.orderBy === 'updatedAt' ? 'updatedAt' : 'createdAt';
      return page(s.issues.filter((i) => matches(i, a.filter, s.viewer.id)).sort((x: any, y: any) => y[key].localeCompare(x[key])), a);
    },
    issue: (a) => findIssue(s, a.id),
    issueCreate: ({ input }) => {
      const team = orThrow(s.teams.find((t) => t.id === input.teamId), 'Team');
      const number = 200 + s.created++;
      const slug = String(input.title ?? '').toLowerCase().replace(/\W+/g, '-');
      const issue: any = {
        ...s.issues[1], id: `7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c${String(number).padStart(2, '0').slice(-2)}`, number, identifier: `${team.key}-${number}`,
        title: input.title ?? '', description: null, priority: 0, priorityLabel: PRIORITY[0], team, assignee: null, dueDate: null,
        url: `https://linear.app/acme/issue/${team.key}-${number}/${slug}`, createdAt: '2024-03-06T12:00:00.000Z', updatedAt: '2024-03-06T12:00:00.000Z',
        state: s.states.find((st) => st.team.id === team.id && st.type === 'unstarted') ?? s.states.find((st) => st.team.id === team.id),
        labels: conn([]), comments: conn([]),
      };
      applyFields(s, issue, input);
      s.issues.push(issue);
      return { success: true, lastSyncId: 1001, issue };
    },
    issueUpdate: ({ id, input }) => {
      const issue = findIssue(s, id);
      applyFields(s, issue, input);
      issue.updatedAt = '2024-03-06T12:30:00.000Z';
      return { success: true, lastSyncId: 1002, issue };
    },
    commentCreate: ({ input }) => {
      if (!input.body) {
        throw new GraphQLError('Argument Validation Error', { extensions: { code: 'INVALID_INPUT', statusCode: 400, type: 'invalid input', userError: true, userPresentableMessage: 'body must not be empty.' } });
      }
      const issue = findIssue(s, input.issueId ?? '');
      const id = `5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e${String(issue.comments.nodes.length).padStart(2, '0')}`;
      const comment = { id, body: input.body, createdAt: '2024-03-06T13:00:00.000Z', updatedAt: '2024-03-06T13:00:00.000Z', url: `${issue.url}#comment-${id.slice(0, 8)}`, user: s.viewer, issue };
      issue.comments.nodes.push(comment);
      return { success: true, lastSyncId: 1003, comment };
    },
  };
}

/** The operation's name, kind and root fields, for assertions; undefined when the query does not parse. */
function describeOperation(query: string, operationName: unknown): ReceivedRequest['operation'] {
  try {
    const ops = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op = ops.find((o) => o.name?.value === operationName) ?? ops[0];
    return op && { name: op.name?.value, kind: op.operation, fields: op.selectionSet.selections.flatMap((f) => (f.kind === Kind.FIELD ? [f.name.value] : [])) };
  } catch {
    return undefined;
  }
}

/**
 * A request that never reached execution (a syntax error, a schema violation, bad variables) is an
 * HTTP 400 with Apollo's codes, as Linear's server answers; its "Did you mean …?" hints are
 * dropped, as Apollo's hideSchemaDetailsFromClientErrors does.
 */
function requestErrorCode(message: string): string {
  if (message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  return 'GRAPHQL_VALIDATION_FAILED';
}
const withoutHints = (message: string) => message.replace(/ Did you mean .*\?$/, '');

async function answer(s: State, body: { query: string; variables?: unknown; operationName?: unknown }): Promise<[number, unknown]> {
  const result = await graphql({
    schema: LINEAR_SCHEMA, source: body.query, rootValue: rootResolvers(s),
    variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
  });
  if (!('data' in result)) {
    const errors = (result.errors ?? []).map((e) => {
      const code = requestErrorCode(e.message);
      return { message: withoutHints(e.message), extensions: { code, type: 'graphql error', userError: true, statusCode: 400 } };
    });
    return [400, { errors }];
  }
  return [200, result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()), data: result.data } : { data: result.data }];
}

export interface LinearFake {
  url: string;
  received: ReceivedRequest[];
  last(): ReceivedRequest;
  close(): Promise<void>;
}

export async function startLinearFake(): Promise<LinearFake> {
  const upstream = await startEchoUpstream({ plainHttp: true });
  const state = seed();
  const received: ReceivedRequest[] = [];
  upstream.respond(async (rec: RecordedRequest, res) => {
    const send = (status: number, payload: unknown) => sendJson(res, status, payload);
    const graphqlError = (status: number, message: string, extensions: Record<string, unknown>) => send(status, { errors: [{ message, extensions }] });
    let body: any;
    try {
      body = JSON.parse(rec.body.toString('utf8'));
    } catch {
      body = undefined;
    }
    const r: ReceivedRequest = receivedFrom(rec, body);
    received.push(r);
    if (rec.path !== '/graphql') return send(404, { errors: [{ message: 'Not found' }] });
    if (rec.method !== 'POST' || typeof body?.query !== 'string') return graphqlError(400, 'Must provide query string.', { code: 'GRAPHQL_PARSE_FAILED', type: 'graphql error', userError: true, statusCode: 400 });
    // OAuth tokens come as Bearer; personal API keys as the raw header value.
    if (!/^(Bearer \S+|lin_api_\S+)$/.test(rec.headers.authorization ?? '')) {
      return graphqlError(400, 'Authentication required, not authenticated', { code: 'AUTHENTICATION_ERROR', type: 'authentication error', statusCode: 401, userError: true, userPresentableMessage: 'You need to authenticate to access this operation.' });
    }
    r.operation = describeOperation(body.query, body.operationName);
    const [status, payload] = await answer(state, body);
    send(status, payload);
  });
  return {
    url: upstream.url,
    received,
    last: () => lastReceived(received, 'Linear'),
    close: () => upstream.close(),
  };
}
