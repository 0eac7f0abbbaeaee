/**
 * Which characters a string input may not carry. PostgreSQL refuses U+0000 in `text` and `jsonb`,
 * so a NUL that reached a query would answer 500: no input may carry one, on either dialect.
 * Identifiers (ids, keys and names matched exactly) refuse every C0 control and DEL as well: no
 * id Latchkey issues or a provider uses has one, and they would make log lines and CLI output
 * misleading. Free text (display names, descriptions, form values) may keep tabs and newlines.
 */
export const NUL = '\u0000';
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Wire field names that carry identifiers. */
const IDENTIFIER_FIELD = /^(id|identifier|connector|provider|provider_key|provider_type|slug|key_id|connection_name|connection_names|domain)$|_ids?$/;

export const NO_NUL = 'must not contain NUL (U+0000)';
export const NO_CONTROL = 'must not contain control characters (U+0000-U+001F, U+007F)';

/** What is wrong with the characters of `value` as the field called `name` on the wire, if anything. */
export function characterProblem(name: string, value: string): string | undefined {
  if (IDENTIFIER_FIELD.test(name)) return CONTROL.test(value) ? NO_CONTROL : undefined;
  return value.includes(NUL) ? NO_NUL : undefined;
}

/** A key that carries NUL, shown readably (and briefly) in an error's field path. */
export const printableKey = (key: string): string => key.slice(0, 40).replace(/\u0000/g, '\\u0000');
