import { buildSchema } from 'graphql';

/**
 * The part of Linear's public GraphQL schema (https://studio.apollographql.com/public/Linear-API)
 * the linear tools touch, with Linear's own type names, nullability and argument lists, so the fake
 * refuses what the real API refuses: an unknown field, a wrong variable type, a missing `teamId`.
 */
export const LINEAR_SCHEMA = buildSchema(/* GraphQL */ `
  scalar DateTime
  scalar TimelessDate

  enum PaginationOrderBy { createdAt updatedAt }

  input IDComparator { eq: ID neq: ID in: [ID!] nin: [ID!] }
  input StringComparator { eq: String neq: String in: [String!] nin: [String!] contains: String containsIgnoreCase: String startsWith: String endsWith: String }
  input BooleanComparator { eq: Boolean neq: Boolean }
  input NullableNumberComparator { eq: Float neq: Float gt: Float gte: Float lt: Float lte: Float null: Boolean }

  input TeamFilter { id: IDComparator key: StringComparator name: StringComparator and: [TeamFilter!] or: [TeamFilter!] }
  input NullableUserFilter { id: IDComparator name: StringComparator email: StringComparator isMe: BooleanComparator null: Boolean }
  input WorkflowStateFilter { id: IDComparator name: StringComparator type: StringComparator team: TeamFilter and: [WorkflowStateFilter!] or: [WorkflowStateFilter!] }
  input IssueFilter {
    id: IDComparator title: StringComparator priority: NullableNumberComparator
    team: TeamFilter assignee: NullableUserFilter state: WorkflowStateFilter
    and: [IssueFilter!] or: [IssueFilter!]
  }

  input IssueCreateInput {
    title: String description: String teamId: String! priority: Int estimate: Int assigneeId: String stateId: String
    labelIds: [String!] projectId: String parentId: String dueDate: TimelessDate
  }
  input IssueUpdateInput {
    title: String description: String teamId: String priority: Int estimate: Int assigneeId: String stateId: String
    labelIds: [String!] projectId: String parentId: String dueDate: TimelessDate
  }
  input CommentCreateInput { body: String issueId: String parentId: String }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

  type User { id: ID! name: String! displayName: String! email: String! active: Boolean! }
  type Team { id: ID! key: String! name: String! description: String private: Boolean! createdAt: DateTime! }
  type TeamConnection { nodes: [Team!]! pageInfo: PageInfo! }
  type WorkflowState { id: ID! name: String! type: String! position: Float! color: String! description: String team: Team! }
  type WorkflowStateConnection { nodes: [WorkflowState!]! pageInfo: PageInfo! }
  type IssueLabel { id: ID! name: String! color: String! }
  type IssueLabelConnection { nodes: [IssueLabel!]! pageInfo: PageInfo! }
  type Project { id: ID! name: String! url: String! }
  type Comment { id: ID! body: String! createdAt: DateTime! updatedAt: DateTime! url: String! user: User issue: Issue }
  type CommentConnection { nodes: [Comment!]! pageInfo: PageInfo! }

  type Issue {
    id: ID! number: Float! identifier: String! title: String! description: String
    priority: Float! priorityLabel: String! estimate: Float url: String! branchName: String!
    createdAt: DateTime! updatedAt: DateTime! archivedAt: DateTime dueDate: TimelessDate
    team: Team! state: WorkflowState! assignee: User project: Project parent: Issue
    labels(first: Int after: String): IssueLabelConnection!
    comments(first: Int after: String): CommentConnection!
  }
  type IssueConnection { nodes: [Issue!]! pageInfo: PageInfo! }

  type IssuePayload { success: Boolean! lastSyncId: Float! issue: Issue }
  type CommentPayload { success: Boolean! lastSyncId: Float! comment: Comment! }

  type Query {
    viewer: User!
    teams(filter: TeamFilter, first: Int, after: String, last: Int, before: String, includeArchived: Boolean, orderBy: PaginationOrderBy): TeamConnection!
    workflowStates(filter: WorkflowStateFilter, first: Int, after: String, last: Int, before: String, includeArchived: Boolean, orderBy: PaginationOrderBy): WorkflowStateConnection!
    issues(filter: IssueFilter, first: Int, after: String, last: Int, before: String, includeArchived: Boolean, orderBy: PaginationOrderBy): IssueConnection!
    issue(id: String!): Issue!
  }

  type Mutation {
    issueCreate(input: IssueCreateInput!): IssuePayload!
    issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!
    commentCreate(input: CommentCreateInput!): CommentPayload!
  }
`);
