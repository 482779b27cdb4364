// Looking up the protocol's patient paragraphs by entry id, in any language, and filling in a
// preparation step's days.

/** The text of an entry by its id; undefined for an entry the shipped ruleset does not have. */
export function textOf(texts: Readonly<Record<string, string>>, id: string): string | undefined {
  return Object.hasOwn(texts, id) ? texts[id] : undefined;
}

/** A preparation text with the step's days before the session in place of `{min}` and `{max}`. */
export function fillDays(text: string, daysBefore: { min: number; max: number } | null | undefined): string {
  return text.replace("{min}", String(daysBefore?.min ?? "")).replace("{max}", String(daysBefore?.max ?? ""));
}
