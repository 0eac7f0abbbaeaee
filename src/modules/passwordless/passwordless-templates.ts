import type { PasswordlessTemplate, PasswordlessType } from './passwordless-types.js';

/**
 * The passwordless emails, one per intent (SIGNIN / SIGNUP) and type, so each default text says only
 * what its email carries. Registered with the other emails in email/default-templates.ts; an
 * environment replaces them with `latchkey emails template set passwordless_signin_otp …`, and such a
 * text may also use the app's own `template_variables`.
 */
export type PasswordlessTemplateName = `passwordless_${'signin' | 'signup'}_${'otp' | 'link' | 'link_otp'}`;

export const passwordlessTemplateName = (template: PasswordlessTemplate, type: PasswordlessType): PasswordlessTemplateName =>
  `passwordless_${template.toLowerCase() as 'signin' | 'signup'}_${type.toLowerCase() as 'otp' | 'link' | 'link_otp'}`;

/** What Latchkey fills in: the code and/or link, and the expiry (duration, relative, ISO time). */
const VARIABLES = { otp: ['otp'], link: ['link'], link_otp: ['otp', 'link'] } as const;
const EXPIRY = ['expiry_time', 'expiry_time_relative', 'expire_time'] as const;

interface Texts {
  subject: string;
  text: string;
  html: string;
}

const INTENT = {
  signin: { subject: 'Sign in', verb: 'sign in' },
  signup: { subject: 'Finish signing up', verb: 'finish signing up' },
} as const;

function texts(intent: keyof typeof INTENT, kind: keyof typeof VARIABLES): Texts {
  const { subject, verb } = INTENT[intent];
  const code = kind !== 'link';
  const link = kind !== 'otp';
  const text = [
    'Hello,',
    '',
    ...(code ? [`Your code to ${verb} is {{otp}}. It works once, for {{expiry_time}}.`] : []),
    ...(link ? [`${code ? 'Or open this link' : `Open this link to ${verb}`} (it works once, for {{expiry_time}}):`, '', '{{link}}'] : []),
    '',
    'If you did not ask for this, ignore this email: nobody can sign in without it.',
  ];
  const html = [
    '<p>Hello,</p>',
    ...(code ? [`<p>Your code to ${verb} is <strong>{{otp}}</strong>. It works once, for {{expiry_time}}.</p>`] : []),
    ...(link ? [`<p><a href="{{link}}">${code ? 'Or open this link' : `Open this link to ${verb}`}</a> (it works once, for {{expiry_time}}).</p>`] : []),
    '<p>If you did not ask for this, ignore this email: nobody can sign in without it.</p>',
  ];
  // No code or link in the subject: subjects are kept unsealed in the outbox and shown in mail lists.
  return { subject: code ? `${subject}: your one-time code` : `${subject} with this link`, text: text.join('\n'), html: html.join('\n') };
}

const NAMES = (['signin', 'signup'] as const).flatMap((intent) => (['otp', 'link', 'link_otp'] as const).map((kind) => ({ intent, kind, name: `passwordless_${intent}_${kind}` as PasswordlessTemplateName })));

const variables = {} as Record<PasswordlessTemplateName, readonly string[]>;
const defaults = {} as Record<PasswordlessTemplateName, Texts>;
for (const { intent, kind, name } of NAMES) {
  variables[name] = [...VARIABLES[kind], ...EXPIRY];
  defaults[name] = texts(intent, kind);
}

export const PASSWORDLESS_TEMPLATE_VARIABLES = Object.freeze(variables);
export const PASSWORDLESS_DEFAULT_TEMPLATES = Object.freeze(defaults);

/** Templates whose custom texts may use variables the app sends with each request. */
export const isPasswordlessTemplateName = (name: string): name is PasswordlessTemplateName => Object.hasOwn(PASSWORDLESS_TEMPLATE_VARIABLES, name);
