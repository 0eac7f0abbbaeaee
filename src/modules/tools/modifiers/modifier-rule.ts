/**
 * A tool modifier: server-side rules an environment applies to every execution of one tool
 * (optionally only on one connection), so a model cannot forget a filter and does not read fields
 * it does not need. As JSON (what the REST API and `latchkey tools modifiers set --file` take):
 *
 *   {
 *     "pre":  [{"op": "append", "path": "query", "value": "is:unread"},
 *              {"op": "default", "path": "max_results", "value": 10}],
 *     "post": {"keep": ["messages[].id", "messages[].subject", "next_page_token"],
 *              "drop": ["messages[].snippet"], "max_string_length": 2000, "max_array_items": 20}
 *   }
 *
 * Paths are dotted keys; in post paths `name[]` steps into each item of an array.
 */
export type PreOp = 'set' | 'default' | 'append';

export const PRE_OPS: readonly PreOp[] = ['set', 'default', 'append'];

export interface PreRule {
  /** set: always this value; default: only when the caller left it out; append: joined to a string with a space, pushed to an array. */
  op: PreOp;
  /** An input parameter, nested with dots (`filter.label`); never inside an array. */
  path: string;
  value: unknown;
}

export interface PostRule {
  /** Only these fields stay (with their parents); null keeps everything. */
  keep: string[] | null;
  /** These fields go, after `keep`. */
  drop: string[];
  /** Longer strings anywhere in the output are cut to this many characters, the last being '…'. */
  max_string_length: number | null;
  /** Longer arrays anywhere in the output keep their first items only. */
  max_array_items: number | null;
}

export interface ModifierRule {
  pre: PreRule[];
  post: PostRule;
}

export const NO_POST: PostRule = Object.freeze({ keep: null, drop: [], max_string_length: null, max_array_items: null }) as PostRule;

export const isNoPost = (p: PostRule): boolean => p.keep === null && p.drop.length === 0 && p.max_string_length === null && p.max_array_items === null;
