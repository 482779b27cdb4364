// Lookups in a language other than the page's: the clinic tablet shows a Spanish patient the forms
// they read and sign in Spanish inside the English staff app. Kept apart from index.ts so that the
// public pages, which never need it, do not download it.
import { enApp } from "./en-app.ts";
import { currentLocale, intlLocale, type Locale, type MessageKey, t, tMaybe } from "./index.ts";

// The signed-in areas' English (every key the tablet's forms read); importing en.ts here as well
// would split the public pages' catalogue into a file of its own, a download more for them.
const english: Record<string, string> = enApp;
/** As index.ts formats each language (kept apart so that the public pages do not carry this file). */
const INTL: Record<Locale, string> = { en: "en-GB", es: "es-ES" };

function fill(text: string, values?: Record<string, string | number>): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Lookups in one language, whatever language the page is in. */
export interface Translator {
  locale: Locale;
  /** A calendar date ("2026-12-08") as this language writes it ("8 dic 2026"). */
  date: (calendarDate: string) => string;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** For keys built from data (a refusal's code); falls back to the given text. */
  maybe: (key: string, fallback: string, values?: Record<string, string | number>) => string;
}

/** The page's own language, as a Translator. */
export function pageTranslator(): Translator {
  const locale = currentLocale();
  return { locale, date: dateIn(intlLocale()), t, maybe: tMaybe };
}

/**
 * Lookups in `locale` when the page is in another. Spanish loads on demand, as for a switch; a key
 * it lacks falls back to English, and a key of the public pages to the page's own text.
 */
export async function translatorFor(locale: Locale): Promise<Translator> {
  if (locale === currentLocale()) return pageTranslator();
  const messages: Record<string, string> = locale === "es" ? (await import("./es.ts")).es : {};
  const lookup = (key: string) => messages[key] ?? english[key];
  return {
    locale,
    date: dateIn(INTL[locale]),
    t: (key, values) => {
      const text = lookup(key);
      return text === undefined ? t(key, values) : fill(text, values);
    },
    maybe: (key, fallback, values) => {
      const text = lookup(key);
      return text === undefined ? tMaybe(key, fallback, values) : fill(text, values);
    },
  };
}

function dateIn(intl: string): (calendarDate: string) => string {
  const format = new Intl.DateTimeFormat(intl, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  return (calendarDate) => {
    const [year, month, day] = calendarDate.split("-").map(Number);
    return year && month && day ? format.format(new Date(Date.UTC(year, month - 1, day))) : calendarDate;
  };
}
