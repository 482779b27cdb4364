/**
 * Busy-time lookups for the slot search: each resource's busy intervals are sorted and merged once,
 * then each candidate is answered by one binary search.
 */
import type { Interval } from "./types.ts";

/** Sorted, non-overlapping, non-touching intervals covering the same instants. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else {
      out.push({ start: i.start, end: i.end });
    }
  }
  return out;
}

/** True when [start, end) meets any interval of a merged list. */
export function overlapsAny(merged: readonly Interval[], start: number, end: number): boolean {
  // The last interval starting before `end` is the only one that can overlap: the ones before it
  // end before it starts (merged, sorted).
  let lo = 0;
  let hi = merged.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]!.start < end) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 && merged[found]!.end > start;
}

/** True when [start, end) lies inside one of the intervals. */
export function withinAny(intervals: readonly Interval[], start: number, end: number): boolean {
  for (const i of intervals) if (i.start <= start && end <= i.end) return true;
  return false;
}
