import { parseFieldPath } from '../modifiers/field-path.js';
import { OUTPUT_KEYS } from './declarative-format.js';

type Report = (path: string, message: string) => void;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const ROOT = 'implementation';

function checkFieldPath(path: unknown, at: string, report: Report): void {
  if (typeof path !== 'string') return report(at, 'must be a field path such as labels[].name');
  const parsed = parseFieldPath(path);
  if (typeof parsed === 'string') report(at, parsed);
}

/** `output`: select or pick (not both) of valid field paths, and an optional `from`. */
export function checkOutput(output: unknown, report: Report): void {
  if (output === undefined) return;
  const at = `${ROOT}.output`;
  if (!isObject(output)) return report(at, 'must be an object with select or pick (and optionally from)');
  for (const k of Object.keys(output)) if (!(OUTPUT_KEYS as readonly string[]).includes(k)) report(`${at}.${k}`, `is not a recognised field (use ${OUTPUT_KEYS.join(', ')})`);
  if (output.select !== undefined && output.pick !== undefined) report(at, 'takes select or pick, not both');
  if (output.from !== undefined) checkFieldPath(output.from, `${at}.from`, report);
  if (output.select !== undefined) {
    if (!isObject(output.select) || !Object.keys(output.select).length) report(`${at}.select`, 'must map output field names to field paths, e.g. {"url": "html_url"}');
    else for (const [k, v] of Object.entries(output.select)) checkFieldPath(v, `${at}.select.${k}`, report);
  }
  if (output.pick !== undefined) {
    if (!Array.isArray(output.pick) || !output.pick.length) report(`${at}.pick`, 'must be a non-empty list of field paths, e.g. ["id", "user.login"]');
    else output.pick.forEach((p, i) => checkFieldPath(p, `${at}.pick[${i}]`, report));
  }
}
