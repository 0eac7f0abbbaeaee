import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { createDomain, getDomain, listDomains } from '../modules/domains/domains.js';
import type { Domain } from '../modules/domains/domain.js';
import { verifyDomainByAdmin, verifyDomainByDns } from '../modules/domains/verify-domain.js';
import { createTxtLookup } from '../modules/domains/txt-lookup.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { withEnv } from './authorization-commands.js';

const line = (d: Domain) => `${d.id}  ${d.domain}  ${d.domainType}  ${d.verificationStatus}${d.verificationStatus === 'VERIFIED' ? ` (${d.verificationMethod})` : ''}\n`;

const txtHint = (d: Domain) => `Publish this TXT record, then run: npx latchkey domains verify ${d.id}\n  ${d.txtRecordKey}  TXT  "${d.txtRecordSecret}"\n`;

/** `latchkey domains list --org ORG [--env E]`. */
export async function listDomainsCommand(config: Config, log: Logger, opts: { env: string; org: string }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const out: string[] = [];
    for (let page = 1; ; page++) {
      const { domains } = await listDomains(core.storage.db, env.id, { id: opts.org }, { pageSize: 100, pageNumber: page });
      out.push(...domains.map(line));
      if (domains.length < 100) break;
    }
    process.stdout.write(out.length ? out.join('') : `organization ${opts.org} has no domains in ${env.name}\n`);
  });
}

/** `latchkey domains add <domain> --org ORG [--type ALLOWED_EMAIL_DOMAIN|ORGANIZATION_DOMAIN] [--env E]`. */
export async function addDomainCommand(config: Config, log: Logger, opts: { env: string; org: string; domain: string; type?: string }): Promise<void> {
  if (opts.type && opts.type !== 'ALLOWED_EMAIL_DOMAIN' && opts.type !== 'ORGANIZATION_DOMAIN') {
    throw new DomainError('invalid_argument', '--type must be ALLOWED_EMAIL_DOMAIN or ORGANIZATION_DOMAIN');
  }
  await withEnv(config, log, opts.env, async (core, env) => {
    const d = await createDomain(core.storage.db, env.id, { id: opts.org }, { domain: opts.domain, domainType: opts.type as Domain['domainType'] | undefined });
    process.stdout.write(line(d) + txtHint(d));
  });
}

/**
 * `latchkey domains verify <domain id> [--force] [--env E]`: looks the TXT record up (DNS_SERVERS
 * applies), or with --force marks the domain verified by the administrator, without DNS.
 */
export async function verifyDomainCommand(config: Config, log: Logger, opts: { env: string; id: string; force: boolean }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const db = core.storage.db;
    if (opts.force) {
      process.stdout.write(line(await verifyDomainByAdmin(db, env.id, opts.id)));
      return;
    }
    const row = await db.selectFrom('domains').select('organization_id').where('environment_id', '=', env.id).where('id', '=', opts.id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', `domain '${opts.id}' was not found in ${env.name}`, { reason: 'DOMAIN_NOT_FOUND' });
    const verified = await verifyDomainByDns(db, env.id, { id: row.organization_id }, opts.id, createTxtLookup(config.dnsServers));
    const d = await getDomain(db, env.id, { id: row.organization_id }, opts.id);
    process.stdout.write(verified ? line(d) : `${opts.id} is not verified: no TXT record with its value was found.\n${txtHint(d)}`);
    if (!verified) process.exitCode = 1;
  });
}

/** `latchkey domains <list|add|verify> …`, dispatched from main.ts. */
export async function domainsCommand(
  config: Config,
  log: Logger,
  o: { action: string; positional: string | undefined; env: string; org?: string; type?: string; force: boolean },
): Promise<void> {
  const usage = (msg: string) => new DomainError('invalid_argument', `${msg} (see npx latchkey help)`);
  if (o.action === 'list') {
    if (!o.org) throw usage('domains list needs --org <organization id>');
    return listDomainsCommand(config, log, { env: o.env, org: o.org });
  }
  if (o.action === 'add') {
    if (!o.org || !o.positional) throw usage('domains add needs the domain and --org <organization id>: domains add acme.com --org org_…');
    return addDomainCommand(config, log, { env: o.env, org: o.org, domain: o.positional, type: o.type });
  }
  if (o.action === 'verify') {
    if (!o.positional) throw usage('domains verify needs the domain id: domains verify dom_… [--force]');
    return verifyDomainCommand(config, log, { env: o.env, id: o.positional, force: o.force });
  }
  throw usage(`unknown command 'domains ${o.action}'; it takes list, add or verify`);
}
