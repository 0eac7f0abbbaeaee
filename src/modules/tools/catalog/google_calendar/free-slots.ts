export interface Interval { start: number; end: number }

/** Sorted, overlapping or touching busy intervals merged into one list. */
export function mergeBusy(busy: Interval[]): Interval[] {
  const sorted = [...busy].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const b of sorted) {
    const last = out.at(-1);
    if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
    else out.push({ ...b });
  }
  return out;
}

/** The gaps of at least `minMs` between merged busy intervals inside [from, to], at most `limit`. */
export function freeGaps(from: number, to: number, merged: Interval[], minMs: number, limit: number): Interval[] {
  const gaps: Interval[] = [];
  let cursor = from;
  for (const b of [...merged, { start: to, end: to }]) {
    const gapEnd = Math.min(b.start, to);
    if (gapEnd - cursor >= minMs) gaps.push({ start: cursor, end: gapEnd });
    if (gaps.length >= limit) break;
    cursor = Math.max(cursor, b.end);
    if (cursor >= to) break;
  }
  return gaps;
}
