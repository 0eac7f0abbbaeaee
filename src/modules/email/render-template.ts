import { escapeHtml } from './escape-html.js';

/** `{{ name }}`: letters, digits and underscores; nothing else is a placeholder. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The variables a template text uses, for checking them against the known ones when it is saved. */
export function variablesOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

export class UnknownTemplateVariable extends Error {
  constructor(readonly variable: string) {
    super(`unknown template variable '${variable}'`);
  }
}

/**
 * Substitutes `{{ name }}` from `vars`; `html` escapes every value (a display name cannot inject
 * markup or a link). An unknown variable is refused, never rendered as empty.
 */
export function renderTemplate(text: string, vars: Record<string, string>, mode: 'html' | 'text'): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new UnknownTemplateVariable(name);
    return mode === 'html' ? escapeHtml(vars[name]) : vars[name];
  });
}
