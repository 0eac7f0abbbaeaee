/**
 * What the tool benches share: a loopback GitHub that answers GET /repos/{owner}/{repo} (and
 * GET /__count, the requests it served), and a Latchkey whose `github` connection is aimed at it
 * with one ACTIVE account. Latchkey's modules are imported inside the functions, so the upstream
 * role's process never loads them.
 */
import http from 'node:http';
import type net from 'node:net';
import { announce } from './processes.js';

export const REPO = 'octo-org/hello-world';

/** The upstream role: GitHub's answer for REPO (trimmed), then announces its port. */
export function githubFakeRole(): void {
  const [owner, name] = REPO.split('/');
  const api = 'https://api.github.com';
  const body = JSON.stringify({
    id: 1296269, node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5', name, full_name: REPO, private: false,
    owner: { login: owner, id: 1, type: 'Organization', url: `${api}/users/${owner}`, html_url: `https://github.com/${owner}` },
    html_url: `https://github.com/${REPO}`, description: 'This your first repo!', fork: false, url: `${api}/repos/${REPO}`,
    ...Object.fromEntries(['forks', 'keys', 'collaborators', 'teams', 'hooks', 'issue_events', 'events', 'assignees', 'branches', 'tags', 'blobs', 'git_tags', 'git_refs', 'trees', 'statuses', 'languages', 'stargazers', 'contributors', 'subscribers', 'subscription', 'commits', 'git_commits', 'comments', 'issue_comment', 'contents', 'compare', 'merges', 'archive', 'downloads', 'issues', 'pulls', 'milestones', 'notifications', 'labels', 'releases', 'deployments'].map((k) => [`${k}_url`, `${api}/repos/${REPO}/${k}`])),
    created_at: '2011-01-26T19:01:12Z', updated_at: '2011-01-26T19:14:43Z', pushed_at: '2011-01-26T19:06:43Z',
    homepage: 'https://github.com', size: 108, stargazers_count: 80, watchers_count: 80, language: 'TypeScript', has_issues: true,
    forks_count: 9, archived: false, disabled: false, open_issues_count: 0, topics: ['octocat', 'api'], visibility: 'public', default_branch: 'main',
  });
  let served = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.url === '/__count') return void res.end(String(served));
    served++;
    if (req.url !== `/api/v3/repos/${REPO}` || !req.headers.authorization) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as net.AddressInfo).port }));
}

/** The Latchkey role's common start: the bench server, its `github` connection aimed at the fake, `identifier`'s ACTIVE account. */
export async function startGithubBench(upstreamPort: number, identifier = 'user_123') {
  const { createConnection } = await import('../src/modules/connections/connections.js');
  const { sealAccountCredentials } = await import('../src/modules/accounts/account-credentials.js');
  const { newId } = await import('../src/storage/ids.js');
  const { startBenchServer } = await import('./bench-server.js');
  type AccountRow = import('../src/storage/schema.js').ConnectedAccountRow;
  const bench = await startBenchServer();
  const { server, envId } = bench;
  const db = server.core.storage.db;
  const vault = server.core.vault;
  const now = new Date().toISOString();
  /** A connected-account row written straight to the database (the benches seed thousands). */
  const accountRow = (connectionId: string, who: string, status: string): AccountRow => {
    const id = newId('ca');
    return {
      id, environment_id: envId, connection_id: connectionId, identifier: who, organization_id: null, user_id: null, status, auth_type: 'OAUTH',
      credentials_ciphertext: sealAccountCredentials(vault, envId, id, { kind: 'oauth', token_type: 'Bearer', access_token: `gho_${id}` }),
      credentials_version: 1, token_expires_at: null, scopes: '[]', account_fields: '{}', api_config: '{}', authorized_user_id: null, authorized_user_email: null,
      last_used_at: null, created_at: now, updated_at: now,
    };
  };
  const github = await createConnection(db, vault, envId, { providerKey: 'github', connectionName: 'github', proxyUrl: `http://127.0.0.1:${upstreamPort}/api/v3` });
  await db.insertInto('connected_accounts').values(accountRow(github.id, identifier, 'ACTIVE')).execute();
  return { bench, server, envId, db, vault, github, accountRow, createConnection };
}
