import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { environmentAccess, restCall, startAgentAuthEnv, type AgentAuthEnv, type EnvironmentAccess } from '../helpers/agent-auth-env.js';
import { connectionWithAccount } from '../helpers/agent-auth-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { errorBody, proxy } from '../proxy/fixtures.js';
import { parseAllowedHosts } from '../../src/modules/egress/host-list.js';
import { getEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';

const PATH = '/api/v1/agent-auth/proxy-allowed-hosts';

/** Refused entries and the exact description that follows the field (`hosts[2] `). */
const REFUSED: Array<[unknown, string]> = [
  ['http://x', "'http://x' must be a host name or IP address, not a URL"],
  ['https://sidecar.internal/api', "'https://sidecar.internal/api' must be a host name or IP address, not a URL"],
  ['host:8080', "'host:8080' must be a host name or IP address, without a port (an allowed host covers all its ports)"],
  ['127.0.0.1:80', "'127.0.0.1:80' must be a host name or IP address, without a port (an allowed host covers all its ports)"],
  ['[::1]:8080', "'[::1]:8080' must be a host name or IP address, without a port (an allowed host covers all its ports)"],
  ['sidecar.internal/v1', "'sidecar.internal/v1' must be a host name or IP address, without a path"],
  ['*.corp.example', "'*.corp.example' must be a host name or IP address: wildcards are not supported, list each host"],
  ['', 'must not be empty'],
  ['   ', 'must not be empty'],
  ['side car', "'side car' must be a host name or IP address, without spaces"],
  ['my$service', "'my$service' must be a host name or IP address: labels hold only letters, digits, hyphens and underscores (service names such as my_service), and do not start or end with a hyphen"],
  ['-bad.example', "'-bad.example' must be a host name or IP address: labels hold only letters, digits, hyphens and underscores (service names such as my_service), and do not start or end with a hyphen"],
  ['a..b', "'a..b' must be a host name or IP address: it has an empty label (two dots in a row, or a leading dot)"],
  ['127.1', "'127.1' is not a dotted-quad IPv4 address; write it as 127.0.0.1"],
  ['0x7f.1', "'0x7f.1' is not a dotted-quad IPv4 address; write it as 127.0.0.1"],
  ['1::2::3', "'1::2::3' must be a host name or IP address: it is neither a host name nor a valid IPv6 address"],
  ['fe80::1%eth0', "'fe80::1%eth0' must be a host name or IP address: IPv6 zone ids (%…) are not supported"],
  ['user@sidecar', "'user@sidecar' must be a host name or IP address, not a URL"],
  [42, 'must be a string (a host name or IP address), not number'],
  [null, 'must be a string (a host name or IP address), not null'],
];

describe('parseAllowedHosts', () => {
  it('stores canonical spellings, de-duplicated and sorted', () => {
    expect(parseAllowedHosts(['LOCALHOST.', '[::1]', '127.0.0.1', '127.0.0.1', '0:0:0:0:0:0:0:1', 'Sidecar.Internal', '[::FFFF:127.0.0.1]', '10.0.0.7.'], 'hosts')).toEqual([
      '10.0.0.7',
      '127.0.0.1',
      '::1',
      '::ffff:7f00:1',
      'localhost',
      'sidecar.internal',
    ]);
    expect(parseAllowedHosts([], 'hosts')).toEqual([]);
    // Container service names (docker compose) carry underscores.
    expect(parseAllowedHosts(['My_Service', 'db_1.internal'], 'hosts')).toEqual(['db_1.internal', 'my_service']);
  });

  for (const [entry, description] of REFUSED) {
    it(`refuses ${JSON.stringify(entry)}, naming the field and index`, () => {
      expect(() => parseAllowedHosts(['ok.example', entry], 'hosts')).toThrow(`hosts[1] ${description}`);
    });
  }

  it('refuses what is not a list, and more than 100 entries', () => {
    expect(() => parseAllowedHosts('127.0.0.1', 'hosts')).toThrow('hosts must be a list of host names or IP addresses, such as ["127.0.0.1", "sidecar.internal"]');
    expect(() => parseAllowedHosts(Array.from({ length: 101 }, (_, i) => `h${i}.example`), 'hosts')).toThrow('hosts has 101 entries; at most 100 are allowed');
    expect(parseAllowedHosts(Array.from({ length: 100 }, (_, i) => `h${i}.example`), 'hosts')).toHaveLength(100);
  });
});

for (const dialect of DIALECTS) {
  describe(`proxy_allowed_hosts: REST route, CLI and effect on the Tool Proxy (${dialect.name})`, () => {
    let dev: AgentAuthEnv;
    let prod: EnvironmentAccess;
    let up: EchoUpstream;
    let cliEnv: Record<string, string>;
    const cli = (...args: string[]) => runCli(args, cliEnv);
    /** Status and JSON of a call with `token` (development's unless given; null sends none). */
    const rest = async (init: { method?: string; body?: unknown; token?: string | null } = {}) => {
      const { status, json } = await restCall(dev.server.url + PATH, { ...init, token: init.token === undefined ? dev.token : init.token });
      return { status, json };
    };
    const storedSettings = async (envId = dev.envId) => getEnvironmentSettings(dev.db, envId);

    beforeAll(async () => {
      up = await startEchoUpstream();
      dev = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      prod = await environmentAccess(dev.server, 'production');
      cliEnv = {
        DATA_DIR: dev.server.dataDir,
        PUBLIC_URL: dev.server.core.config.publicUrl,
        LOG_LEVEL: 'error',
        ...(dev.server.core.config.databaseUrl ? { DATABASE_URL: dev.server.core.config.databaseUrl } : {}),
      };
    });
    afterAll(async () => {
      await dev?.server.close();
      await up?.close();
    });

    it('GET/PUT round trip with the environment token; PUT replaces the list and [] clears it', async () => {
      expect(await rest()).toEqual({ status: 200, json: { hosts: [] } });
      expect((await rest({ token: null })).status).toBe(401);
      expect((await rest({ method: 'PUT', body: { hosts: ['127.0.0.1'] }, token: null })).status).toBe(401);
      expect(await rest({ method: 'PUT', body: { hosts: ['sidecar.internal', '127.0.0.1'] } })).toEqual({ status: 200, json: { hosts: ['127.0.0.1', 'sidecar.internal'] } });
      expect(await rest()).toEqual({ status: 200, json: { hosts: ['127.0.0.1', 'sidecar.internal'] } });
      expect(await rest({ method: 'PUT', body: { hosts: ['10.0.0.7'] } })).toEqual({ status: 200, json: { hosts: ['10.0.0.7'] } });
      expect(await rest()).toEqual({ status: 200, json: { hosts: ['10.0.0.7'] } });
      expect(await rest({ method: 'PUT', body: { hosts: [] } })).toEqual({ status: 200, json: { hosts: [] } });
      expect(await rest()).toEqual({ status: 200, json: { hosts: [] } });
    });

    it('stores canonical spellings, de-duplicated and sorted', async () => {
      const put = await rest({ method: 'PUT', body: { hosts: ['LOCALHOST.', '[::1]', '127.0.0.1', '127.0.0.1', 'Sidecar.Internal', '::1'] } });
      expect(put).toEqual({ status: 200, json: { hosts: ['127.0.0.1', '::1', 'localhost', 'sidecar.internal'] } });
      expect((await storedSettings()).proxy_allowed_hosts).toEqual(['127.0.0.1', '::1', 'localhost', 'sidecar.internal']);
      await rest({ method: 'PUT', body: { hosts: [] } });
    });

    it('refuses every bad entry with 400 naming the field and index, storing nothing', async () => {
      await rest({ method: 'PUT', body: { hosts: ['kept.example'] } });
      for (const [entry, description] of REFUSED) {
        const res = await rest({ method: 'PUT', body: { hosts: ['ok.example', '127.0.0.1', entry] } });
        expect(res.status, JSON.stringify(entry)).toBe(400);
        expect(res.json.code).toBe('INVALID_ARGUMENT');
        expect(res.json.message).toBe(`hosts[2] ${description}`);
        expect(res.json.details[0].validation_error_info.field_violations).toEqual([{ field: 'hosts[2]', description }]);
      }
      const bodies: Array<[unknown, string]> = [
        [{ hosts: '127.0.0.1' }, 'hosts must be a list of host names or IP addresses, such as ["127.0.0.1", "sidecar.internal"]'],
        [{ hosts: Array.from({ length: 101 }, (_, i) => `h${i}.example`) }, 'hosts has 101 entries; at most 100 are allowed'],
        [{ hosts: ['127.0.0.1'], mode: 'custom' }, 'mode is not a recognised field (send only "hosts")'],
        [{}, 'hosts is required: the complete list of allowed hosts ([] clears it)'],
        [['127.0.0.1'], 'body must be a JSON object such as {"hosts":["127.0.0.1"]}'],
      ];
      for (const [body, message] of bodies) {
        const res = await rest({ method: 'PUT', body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.message).toBe(message);
      }
      expect(await rest()).toEqual({ status: 200, json: { hosts: ['kept.example'] } });
      expect((await storedSettings()).proxy_allowed_hosts).toEqual(['kept.example']);
      await rest({ method: 'PUT', body: { hosts: [] } });
    });

    it("is scoped to the token's environment: production does not see or change development's list", async () => {
      await rest({ method: 'PUT', body: { hosts: ['dev-sidecar.internal'] } });
      expect(await rest({ token: prod.token })).toEqual({ status: 200, json: { hosts: [] } });
      expect(await rest({ method: 'PUT', body: { hosts: ['prod-sidecar.internal'] }, token: prod.token })).toEqual({ status: 200, json: { hosts: ['prod-sidecar.internal'] } });
      expect(await rest()).toEqual({ status: 200, json: { hosts: ['dev-sidecar.internal'] } });
      expect(await rest({ token: prod.token })).toEqual({ status: 200, json: { hosts: ['prod-sidecar.internal'] } });
      expect((await storedSettings(prod.envId)).proxy_allowed_hosts).toEqual(['prod-sidecar.internal']);
      await rest({ method: 'PUT', body: { hosts: [] } });
      await rest({ method: 'PUT', body: { hosts: [] }, token: prod.token });
    });

    it('a PUT takes effect on the very next proxy call, both ways (in-process ChangeFeed, no TTL wait)', async () => {
      await connectionWithAccount(dev, {
        providerKey: 'freshdesk', connectionName: 'freshdesk', authType: 'BASIC', identifier: 'u1',
        credentials: { kind: 'static', fields: { domain: `127.0.0.1:${up.port}`, username: secret('fd-key') } },
      });
      const call = () => proxy(dev, { connectionName: 'freshdesk', identifier: 'u1', path: '/v2/tickets' });
      try {
        const refused = await call();
        expect(refused.statusCode).toBe(403);
        expect(refused.headers['x-latchkey-proxy-error']).toBe('PROXY_DESTINATION_REFUSED');
        expect((await errorBody(refused)).details[0].error_code).toBe('PROXY_DESTINATION_REFUSED');
        expect(up.requests).toHaveLength(0);

        expect((await rest({ method: 'PUT', body: { hosts: ['127.0.0.1'] } })).status).toBe(200);
        const ok = await call();
        await ok.body.dump();
        expect(ok.statusCode).toBe(200);
        expect(up.requests).toHaveLength(1);
        expect(up.last().url).toBe('/api/v2/tickets');

        expect((await rest({ method: 'PUT', body: { hosts: [] } })).status).toBe(200);
        const again = await call();
        expect(again.statusCode).toBe(403);
        expect(again.headers['x-latchkey-proxy-error']).toBe('PROXY_DESTINATION_REFUSED');
        await again.body.dump();
        expect(up.requests).toHaveLength(1);
      } finally {
        await rest({ method: 'PUT', body: { hosts: [] } });
      }
    });

    it('`latchkey allowed-hosts set|show|clear` manage the list of the named environment', async () => {
      const devList = (await rest()).json;
      const empty = await cli('allowed-hosts', 'show', '--env', 'production');
      expect(empty.code).toBe(0);
      expect(empty.stdout).toBe(
        'proxy_allowed_hosts for production: none (only public addresses are reached); allow hosts with: npx latchkey allowed-hosts set --env production <host>...\n',
      );

      const set = await cli('allowed-hosts', 'set', '--env', 'production', 'Sidecar.Internal', '127.0.0.1', '[::1]', '127.0.0.1');
      expect(set.stderr).toBe('');
      expect(set.code).toBe(0);
      expect(set.stdout).toBe('proxy_allowed_hosts for production: 127.0.0.1 ::1 sidecar.internal\nRunning servers pick the change up within 5 seconds.\n');
      expect(await rest({ token: prod.token })).toEqual({ status: 200, json: { hosts: ['127.0.0.1', '::1', 'sidecar.internal'] } });
      expect(await rest()).toEqual({ status: 200, json: devList });
      expect((await cli('allowed-hosts', 'show', '--env', 'production')).stdout).toBe('proxy_allowed_hosts for production: 127.0.0.1 ::1 sidecar.internal\n');

      const bad = await cli('allowed-hosts', 'set', '--env', 'production', '10.0.0.7', 'http://x');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe("latchkey: hosts[1] 'http://x' must be a host name or IP address, not a URL\n");
      expect((await rest({ token: prod.token })).json).toEqual({ hosts: ['127.0.0.1', '::1', 'sidecar.internal'] });

      const none = await cli('allowed-hosts', 'set', '--env', 'production');
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('allowed-hosts set needs --env <name> and at least one host');
      const noEnv = await cli('allowed-hosts', 'clear');
      expect(noEnv.code).toBe(2);
      expect(noEnv.stderr).toContain('allowed-hosts clear needs --env <name>');

      const clear = await cli('allowed-hosts', 'clear', '--env', 'production');
      expect(clear.code).toBe(0);
      expect(clear.stdout).toContain('proxy_allowed_hosts for production: none');
      expect(clear.stdout).toContain('Running servers pick the change up within 5 seconds.');
      expect(await rest({ token: prod.token })).toEqual({ status: 200, json: { hosts: [] } });
    }, 120_000);
  });
}
