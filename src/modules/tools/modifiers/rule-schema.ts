import { PRE_OPS } from './modifier-rule.js';
import { MAX_PATH_LENGTH } from './field-path.js';

export const MAX_PRE_RULES = 20;
export const MAX_POST_PATHS = 100;
export const MAX_VALUE_JSON = 16_384;
export const MAX_STRING_LENGTH_CAP = 1_000_000;
export const MAX_ARRAY_ITEMS_CAP = 10_000;

const PATHS = { type: 'array', maxItems: MAX_POST_PATHS, items: { type: 'string', maxLength: MAX_PATH_LENGTH } } as const;

/**
 * The structure of a modifier body (ajv, draft-07). What needs the tool's schemas (paths exist,
 * values fit) is checked in validate-modifier-rule.ts. `id`, `tool_name`, `connection_name` and
 * the timestamps are accepted so that what GET answers can be PUT back as is.
 */
export const modifierBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    tool_name: { type: 'string' },
    connection_name: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    pre: {
      type: 'array',
      maxItems: MAX_PRE_RULES,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['op', 'path', 'value'],
        properties: { op: { enum: [...PRE_OPS] }, path: { type: 'string' }, value: {} },
      },
    },
    post: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        keep: { ...PATHS, type: ['array', 'null'] },
        drop: PATHS,
        max_string_length: { type: ['integer', 'null'], minimum: 1, maximum: MAX_STRING_LENGTH_CAP },
        max_array_items: { type: ['integer', 'null'], minimum: 1, maximum: MAX_ARRAY_ITEMS_CAP },
      },
    },
  },
} as const;
