export const ALL_DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof ALL_DIALECTS)[number];

/** Both dialects, unless TEST_DIALECTS (comma-separated; for local runs only, never CI) narrows them. */
export function wantedDialects(): DialectName[] {
  const raw = process.env.TEST_DIALECTS?.trim();
  if (!raw) return [...ALL_DIALECTS];
  const names = raw.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(ALL_DIALECTS as readonly string[]).includes(n));
  if (unknown.length || !names.length) {
    throw new Error(`TEST_DIALECTS must list sqlite and/or postgres, comma-separated; got '${raw}'`);
  }
  return ALL_DIALECTS.filter((d) => names.includes(d));
}
