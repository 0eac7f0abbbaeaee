import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../src/modules/changes/change-feed.js';
import { McpCallerCache } from '../../src/modules/mcp/auth/caller-cache.js';
import type { McpCaller } from '../../src/modules/mcp/auth/mcp-caller.js';

const ref = { kind: 'connection', connectionName: 'gmail' } as const;
const callerFor = (identifier: string, envId = 'env_1', expiresAt?: Date): McpCaller => ({
  envId, identifier, credentialId: `mcpt_${identifier}`, expiresAt,
  endpoint: { ref, envId, connectionId: 'conn_1', connectionNames: ['gmail'] },
});

describe('McpCallerCache: verified MCP callers kept a few seconds', () => {
  it('reuses a verification per token and endpoint, never across tokens', async () => {
    const cache = new McpCallerCache(new ChangeFeed());
    let verified = 0;
    const verify = (who: string) => async () => (verified++, callerFor(who));
    expect((await cache.get('lk_mcp_a', ref, verify('user_a'))).identifier).toBe('user_a');
    expect((await cache.get('lk_mcp_a', ref, verify('user_a'))).identifier).toBe('user_a');
    expect((await cache.get('lk_mcp_b', ref, verify('user_b'))).identifier).toBe('user_b');
    expect((await cache.get('lk_mcp_a', { kind: 'server', serverId: 'mcps_1' }, verify('user_a'))).identifier).toBe('user_a');
    expect(verified).toBe(3);
  });

  it('a change in the environment (a token revoked here) drops its callers at once; other environments keep theirs', async () => {
    const changes = new ChangeFeed();
    const cache = new McpCallerCache(changes);
    let verified = 0;
    const count = (c: McpCaller) => async () => (verified++, c);
    await cache.get('t1', ref, count(callerFor('u', 'env_1')));
    await cache.get('t2', ref, count(callerFor('u', 'env_2')));
    changes.environmentChanged('env_1');
    await cache.get('t1', ref, count(callerFor('u', 'env_1')));
    await cache.get('t2', ref, count(callerFor('u', 'env_2')));
    expect(verified).toBe(3);
  });

  it('a verification that began before a change is not kept, failures are never kept, and the TTL and the token expiry end a hit', async () => {
    const changes = new ChangeFeed();
    let now = 1_000_000;
    const cache = new McpCallerCache(changes, 5_000, () => now);
    let verified = 0;
    await cache.get('t', ref, async () => (verified++, changes.environmentChanged('env_1'), callerFor('u')));
    await cache.get('t', ref, async () => (verified++, callerFor('u')));
    expect(verified).toBe(2);
    await expect(cache.get('bad', ref, async () => Promise.reject(new Error('revoked')))).rejects.toThrow('revoked');
    await expect(cache.get('bad', ref, async () => Promise.reject(new Error('still revoked')))).rejects.toThrow('still revoked');
    now += 5_001;
    await cache.get('t', ref, async () => (verified++, callerFor('u', 'env_1', new Date(now + 1_000))));
    expect(verified).toBe(3);
    now += 1_000;
    await expect(cache.get('t', ref, async () => Promise.reject(new Error('expired')))).rejects.toThrow('expired');
  });
});
