import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { invalidArgument, invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { DEFAULT_TEMPLATES, isTemplateName, TEMPLATE_VARIABLES, type TemplateName, type TemplateTexts } from './default-templates.js';
import { variablesOf } from './render-template.js';
import { isPasswordlessTemplateName } from '../passwordless/passwordless-templates.js';

const MAX_SUBJECT = 255;
const MAX_BODY = 64 * 1024;

function checkName(name: string): TemplateName {
  if (!isTemplateName(name)) throw invalidArgument('name', `must be one of ${Object.keys(TEMPLATE_VARIABLES).join(', ')}`);
  return name;
}

/** The environment's texts for one email, or the defaults. */
export async function templateOf(db: Kysely<Tables>, envId: string, name: TemplateName): Promise<TemplateTexts & { custom: boolean }> {
  const row = await db.selectFrom('email_templates').selectAll().where('environment_id', '=', envId).where('name', '=', name).executeTakeFirst();
  return row ? { subject: row.subject, text: row.text_body, html: row.html_body, custom: true } : { ...DEFAULT_TEMPLATES[name], custom: false };
}

/** Replaces an environment's texts for one email; every `{{variable}}` must be one that email provides. */
export async function setTemplate(db: Kysely<Tables>, envId: string, rawName: string, texts: Partial<TemplateTexts>): Promise<TemplateTexts> {
  const name = checkName(rawName);
  const known: readonly string[] = TEMPLATE_VARIABLES[name];
  const v: FieldViolation[] = [];
  for (const part of ['subject', 'text', 'html'] as const) {
    const value = texts[part];
    if (typeof value !== 'string' || !value.trim()) {
      v.push({ field: part, description: 'is required' });
      continue;
    }
    if (value.length > (part === 'subject' ? MAX_SUBJECT : MAX_BODY)) v.push({ field: part, description: `must be at most ${part === 'subject' ? MAX_SUBJECT : MAX_BODY} characters` });
    if (part === 'subject' && /[\r\n]/.test(value)) v.push({ field: part, description: 'must be one line' });
    // Passwordless texts may also use the variables an app sends with each request (checked when sending).
    for (const u of variablesOf(value).filter((x) => !known.includes(x) && !isPasswordlessTemplateName(name))) v.push({ field: part, description: `uses unknown variable {{${u}}}; ${name} emails know ${known.join(', ')}` });
  }
  if (v.length) throw invalidFields(v);
  const row = { environment_id: envId, name, subject: texts.subject!, text_body: texts.text!, html_body: texts.html!, updated_at: new Date().toISOString() };
  await db
    .insertInto('email_templates')
    .values(row)
    .onConflict((oc) => oc.columns(['environment_id', 'name']).doUpdateSet({ subject: row.subject, text_body: row.text_body, html_body: row.html_body, updated_at: row.updated_at }))
    .execute();
  return { subject: row.subject, text: row.text_body, html: row.html_body };
}

/** Back to the built-in texts. */
export async function resetTemplate(db: Kysely<Tables>, envId: string, rawName: string): Promise<void> {
  await db.deleteFrom('email_templates').where('environment_id', '=', envId).where('name', '=', checkName(rawName)).execute();
}
