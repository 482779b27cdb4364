// A tiny typed lookup: `t("plan.progress", { done: 2, total: 4 })`. A key that does not exist is a
// type error; a value not given stays visible as `{name}` rather than vanishing.
//
// The patient side speaks English and Spanish. English is in the first download; Spanish is
// loaded when chosen (from the browser's language, the switch, or the patient's account), so the
// public pages stay light. A key the Spanish catalogue lacks falls back to English (a test keeps
// the catalogues in step).
import { en, type MessageKey } from "./en.ts";

export type { MessageKey };
export type Messages = Record<MessageKey, string>;

export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];

/** The BCP 47 locale each language formats dates and numbers with. */
const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", es: "es-ES" };

let current: Locale = "en";
/** English: the public pages' messages, and the signed-in areas' once their code has loaded. */
const english: Partial<Record<MessageKey, string>> = { ...en };
let catalogue: Partial<Record<MessageKey, string>> = english;
const listeners = new Set<() => void>();

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The language in use. */
export function currentLocale(): Locale {
  return current;
}

/** The locale `Intl` formats with for the language in use ("en-GB", "es-ES"). */
export function intlLocale(): string {
  return INTL_LOCALE[current];
}

/** Loads a language's catalogue (Spanish on demand) and switches to it. */
export async function switchLocale(locale: Locale): Promise<void> {
  const next = locale === "es" ? (await import("./es.ts")).es : english;
  catalogue = next;
  current = locale;
  if (typeof document !== "undefined") document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

/** Called after each switch of language (the page re-renders in the new one). */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Adds the signed-in areas' English messages (called by their code as it loads). */
export function addEnglishMessages(messages: Partial<Record<MessageKey, string>>): void {
  Object.assign(english, messages);
}

function fill(text: string, values?: Record<string, string | number>): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function t(key: MessageKey, values?: Record<string, string | number>): string {
  return fill(catalogue[key] ?? english[key] ?? key, values);
}

/** For keys built from data (a concern id, a flag id); falls back to the given text. */
export function tMaybe(key: string, fallback: string, values?: Record<string, string | number>): string {
  const text = (catalogue as Record<string, string>)[key] ?? (english as Record<string, string>)[key];
  return text === undefined ? fill(fallback, values) : fill(text, values);
}

/** true when the catalogue has a text for this key. */
export function hasMessage(key: string): boolean {
  return key in catalogue || key in english;
}

/**
 * A counted text through `Intl.PluralRules`: `tCount("prices.minutes", 1)` reads
 * "prices.minutes.one" ("1 minute"), otherwise "prices.minutes.other"; `{n}` is the count.
 */
export function tCount(base: string, n: number, values?: Record<string, string | number>): string {
  const category = new Intl.PluralRules(intlLocale()).select(n);
  const key = hasMessage(`${base}.${category}`) ? `${base}.${category}` : `${base}.other`;
  return tMaybe(key, String(n), { n, ...values });
}

// The clinic's time zone once the app knows it (the signed-in user's clinic, or the public clinic's
// details on the site): English dates are typed in its region's order (see lib/date-order.ts).
let clinicZone: string | null = null;
const zoneListeners = new Set<() => void>();

export function setClinicTimeZone(timeZone: string): void {
  if (timeZone === clinicZone) return;
  clinicZone = timeZone;
  for (const listener of zoneListeners) listener();
}

export function clinicTimeZone(): string | null {
  return clinicZone;
}

export function onClinicTimeZone(listener: () => void): () => void {
  zoneListeners.add(listener);
  return () => zoneListeners.delete(listener);
}
