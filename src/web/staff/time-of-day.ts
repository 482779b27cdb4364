// Times of day on the 24-hour clock, as staff type them.

/** "HH:MM" (24-hour) from what a person typed, or null when it is not a time of day. */
export function parseTime24(text: string): string | null {
  const trimmed = text.trim();
  const m = /^(\d{1,2})(?:[:.h ]?(\d{2}))?$/.exec(trimmed);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? "0");
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** Every time of day at `stepMinutes` steps, from 00:00. */
export function timesOfDay(stepMinutes: number): string[] {
  const times: string[] = [];
  for (let m = 0; m < 24 * 60; m += stepMinutes)
    times.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  return times;
}
