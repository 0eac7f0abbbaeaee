/**
 * A declarative tool: one HTTP call over the tool's connection, described as JSON (no code).
 *
 *   {
 *     "method": "POST",
 *     "path": "/repos/{{owner}}/{{repo}}/issues",
 *     "query":   { "per_page": "{{limit}}" },
 *     "headers": { "X-GitHub-Api-Version": "2022-11-28" },
 *     "body":    { "title": "{{title}}", "labels": "{{labels}}", "meta": { "source": "agent {{agent}}" } },
 *     "output":  { "select": { "id": "id", "url": "html_url", "labels": "labels[].name" } }
 *   }
 *
 * Templates (template.ts): `{{name}}` or `{{name.field}}` reads the validated input. A string that is
 * exactly one placeholder keeps the input's JSON type (a list stays a list); a placeholder inside
 * other text is stringified; in `path` each value is encodeURIComponent'ed. When an optional input
 * is missing, the key (or list item) holding the placeholder is left out. There is no escape:
 * `{{` always opens a placeholder.
 *
 * Output (shape-output.ts), applied to each item when the answer is a list: `select` builds a new
 * object from field paths, `pick` keeps the listed paths in their places (the tool modifiers' `keep`),
 * `from` first descends to a field (`data`). Paths are the modifiers' syntax: keys joined by dots,
 * `[]` after a list's key (`labels[].name`). Without `output` the answer is returned as it is.
 * An empty answer is `{}`; an answer that is not an object is `{"result": …}`, as ExecuteTool sends it.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const DECLARATIVE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type DeclarativeMethod = (typeof DECLARATIVE_METHODS)[number];

export interface DeclarativeOutput {
  from?: string;
  select?: Record<string, string>;
  pick?: string[];
}

export interface DeclarativeImplementation {
  method: DeclarativeMethod;
  path: string;
  query?: Record<string, JsonValue>;
  headers?: Record<string, string>;
  body?: JsonValue;
  output?: DeclarativeOutput;
}

export const IMPLEMENTATION_KEYS = ['method', 'path', 'query', 'headers', 'body', 'output'] as const;
export const OUTPUT_KEYS = ['from', 'select', 'pick'] as const;

/** Stored implementations stay small: they are data, and a model never sees them. */
export const MAX_IMPLEMENTATION_BYTES = 16 * 1024;
export const MAX_PATH_CHARS = 2048;
