import type { OperationRef } from './openapi-types.js';
import { firstSentence, plainText, shorten } from './shorten-text.js';
import { snakeCase } from './tool-name.js';

/** A title for people: the summary, else the operationId in words. */
export function displayName(ref: OperationRef): string {
  const summary = plainText(ref.operation.summary);
  if (summary) return shorten(summary, 80);
  const words = snakeCase(ref.operation.operationId ?? `${ref.method} ${ref.path}`).split('_').join(' ');
  return shorten(words.charAt(0).toUpperCase() + words.slice(1), 80);
}

/** What a model reads: the summary and the description's first sentence when it says more. */
export function toolDescription(ref: OperationRef, max: number): string {
  const summary = plainText(ref.operation.summary).replace(/\.$/, '');
  const more = firstSentence(ref.operation.description, max);
  const parts = [summary, more && more.replace(/\.$/, '').toLowerCase() !== summary.toLowerCase() ? more : ''].filter(Boolean);
  const text = parts.length ? parts.map((p) => (/[.!?…]$/.test(p) ? p : `${p}.`)).join(' ') : `${ref.method} ${ref.path}.`;
  return shorten(text, max);
}

/** The operation's first tag as a category (`issues`), or `custom`. */
export const categoryOf = (ref: OperationRef): string => snakeCase(ref.operation.tags?.[0] ?? '') || 'custom';
