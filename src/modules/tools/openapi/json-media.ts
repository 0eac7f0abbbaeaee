import type { MediaType } from './openapi-types.js';

/** JSON media types: application/json, any `+json` (application/vnd.github+json), or json with parameters. */
export const isJsonMedia = (type: string): boolean => /^application\/(?:[\w.-]+\+)?json(?:\s*;.*)?$/i.test(type.trim());

/** The operation's JSON media entry, when it has one. */
export function jsonMedia(content: Record<string, MediaType> | undefined): MediaType | undefined {
  if (!content) return undefined;
  const key = Object.keys(content).find(isJsonMedia);
  const media = key ? content[key] : undefined;
  return media !== null && typeof media === 'object' ? media : key ? {} : undefined;
}
