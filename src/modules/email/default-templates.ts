import { PASSWORDLESS_DEFAULT_TEMPLATES, PASSWORDLESS_TEMPLATE_VARIABLES } from '../passwordless/passwordless-templates.js';

/** The emails Latchkey sends, each with the variables its text may use. An environment may replace the texts (templates.ts). */
export const TEMPLATE_VARIABLES = Object.freeze({
  invitation: ['organization_name', 'invitee_email', 'inviter_email', 'accept_url', 'expires_at'],
  // Sign-in codes and magic links, per intent and type (their texts may also use the app's template_variables).
  ...PASSWORDLESS_TEMPLATE_VARIABLES,
} as const);

export type TemplateName = keyof typeof TEMPLATE_VARIABLES;

export interface TemplateTexts {
  subject: string;
  text: string;
  html: string;
}

export const DEFAULT_TEMPLATES: Readonly<Record<TemplateName, TemplateTexts>> = Object.freeze({
  invitation: {
    subject: 'You are invited to join {{organization_name}}',
    text: [
      'Hello,',
      '',
      '{{inviter_email}} invited {{invitee_email}} to join {{organization_name}}.',
      'Accept the invitation here (the link works once, until {{expires_at}}):',
      '',
      '{{accept_url}}',
      '',
      'If you did not expect this, ignore this email.',
    ].join('\n'),
    html: [
      '<p>Hello,</p>',
      '<p>{{inviter_email}} invited {{invitee_email}} to join <strong>{{organization_name}}</strong>.</p>',
      '<p><a href="{{accept_url}}">Accept the invitation</a> (the link works once, until {{expires_at}}).</p>',
      '<p>If you did not expect this, ignore this email.</p>',
    ].join('\n'),
  },
  ...PASSWORDLESS_DEFAULT_TEMPLATES,
});

export const isTemplateName = (name: string): name is TemplateName => Object.hasOwn(TEMPLATE_VARIABLES, name);
