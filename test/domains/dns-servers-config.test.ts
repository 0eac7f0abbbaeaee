import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

describe('DNS_SERVERS', () => {
  it('takes comma-separated host[:port] addresses', () => {
    expect(loadConfig({ DNS_SERVERS: '127.0.0.1:5353, [::1]:53,10.0.0.2' }).dnsServers).toEqual(['127.0.0.1:5353', '[::1]:53', '10.0.0.2']);
    expect(loadConfig({}).dnsServers).toBeUndefined();
  });

  it('refuses a value that is no address, naming the variable', () => {
    expect(() => loadConfig({ DNS_SERVERS: 'dns.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ DNS_SERVERS: 'dns.example.com' })).toThrow(/DNS_SERVERS must be comma-separated addresses/);
  });
});
