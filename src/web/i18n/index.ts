// A tiny typed lookup: `t("plan.progress", { done: 2, total: 4 })`. A key that does not exist is a
// type error; a value not given stays visible as `{name}` rather than vanishing.
import { en, type MessageKey } from "./en.ts";

export type { MessageKey };
export type Messages = Record<MessageKey, string>;

const catalogue: Messages = en;

export function t(key: MessageKey, values?: Record<string, string | number>): string {
  const text = catalogue[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** For keys built from data (a concern id, a flag id); falls back to the given text. */
export function tMaybe(key: string, fallback: string, values?: Record<string, string | number>): string {
  return key in catalogue ? t(key as MessageKey, values) : fallback;
}
