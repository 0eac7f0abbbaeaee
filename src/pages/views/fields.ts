import type { FieldDefinition } from '../../modules/providers/definition/provider-definition.js';
import { html, type SafeHtml } from '../html.js';

const INPUT_TYPE: Record<string, string> = { text: 'text', password: 'password', email: 'email', url: 'url', number: 'text' };

/**
 * One labelled input: `<label for>`, hint and error tied with aria-describedby, required marked
 * both visually and with `required`. Password values are never written back into the page.
 */
export function renderField(f: FieldDefinition, value: string | undefined, error: string | undefined): SafeHtml {
  const id = `f-${f.field_name}`;
  const described = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const shown = f.input_type === 'password' ? '' : (value ?? '');
  const common = html`id="${id}" name="${f.field_name}"${f.required ? html` required aria-required="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
  const control =
    f.input_type === 'textarea'
      ? html`<textarea ${common} spellcheck="false">${shown}</textarea>`
      : html`<input ${common} type="${INPUT_TYPE[f.input_type] ?? 'text'}" value="${shown}" autocomplete="${f.input_type === 'password' ? 'new-password' : 'off'}" spellcheck="false"${f.input_type === 'number' ? html` inputmode="decimal"` : ''}>`;
  return html`<div class="field">
<label for="${id}">${f.label}${f.required ? html` <span class="req" aria-hidden="true">*</span><span class="sr-only"> (required)</span>` : ''}</label>
${control}
${f.hint ? html`<div id="${id}-hint" class="hint">${f.hint}</div>` : ''}
${error ? html`<div id="${id}-error" class="field-error">${error}</div>` : ''}
</div>`;
}

/** An error summary at the top of a form that failed validation. */
export function errorSummary(formErrors: string[], fieldErrors: Record<string, string>): SafeHtml {
  const all = [...formErrors, ...Object.values(fieldErrors)];
  if (!all.length) return html``;
  return html`<div class="alert alert-error" role="alert"><strong>Please correct the following:</strong><ul>${all.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}

export const requiredNote = (fields: FieldDefinition[]): SafeHtml =>
  fields.some((f) => f.required) ? html`<p class="muted">Fields marked <span class="req">*</span> are required.</p>` : html``;
