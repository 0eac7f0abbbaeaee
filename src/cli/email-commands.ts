import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { listEmails } from '../modules/email/outbox.js';
import { resetTemplate, setTemplate, templateOf } from '../modules/email/templates.js';
import { isTemplateName } from '../modules/email/default-templates.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { readJsonFile } from './read-json-file.js';
import { withEnv } from './authorization-commands.js';

/**
 * `latchkey emails list [--env E]`: the environment's latest emails, newest first. Emails held in
 * the outbox (no SMTP_URL) are printed whole, links included: this is how they reach people then.
 */
export async function listEmailsCommand(config: Config, log: Logger, envName: string): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    const emails = await listEmails(core.storage.db, core.vault, env.id);
    if (!emails.length) return void process.stdout.write(`no emails in ${env.name}\n`);
    for (const e of emails) {
      process.stdout.write(`${e.created_at}  ${e.status}  to ${e.recipient}  ${e.template}: ${e.subject}${e.error ? `  (${e.error})` : ''}\n`);
      if (e.text !== undefined) process.stdout.write(e.text.replace(/^/gm, '    ') + '\n\n');
    }
    if (!config.smtpUrl) process.stdout.write('Email is not configured (SMTP_URL is unset): emails wait here instead of being sent.\n');
  });
}

function templateName(name: string | undefined): string {
  if (!name || !isTemplateName(name)) throw new DomainError('invalid_argument', 'emails template needs --name invitation');
  return name;
}

/** `latchkey emails template show|set|reset --name invitation [--env E] [--file t.json]`: {subject, text, html} with {{variables}}. */
export async function emailTemplateCommand(config: Config, log: Logger, opts: { action: string; env: string; name?: string; file?: string }): Promise<void> {
  const name = templateName(opts.name);
  await withEnv(config, log, opts.env, async (core, env) => {
    if (opts.action === 'set') {
      if (!opts.file) throw new DomainError('invalid_argument', 'emails template set needs --file template.json ({"subject", "text", "html"})');
      await setTemplate(core.storage.db, env.id, name, readJsonFile(opts.file) as Record<string, string>);
      process.stdout.write(`saved the ${name} template of ${env.name}\n`);
    } else if (opts.action === 'reset') {
      await resetTemplate(core.storage.db, env.id, name);
      process.stdout.write(`the ${name} template of ${env.name} is the built-in one again\n`);
    } else {
      process.stdout.write(JSON.stringify(await templateOf(core.storage.db, env.id, name as 'invitation'), null, 2) + '\n');
    }
  });
}
