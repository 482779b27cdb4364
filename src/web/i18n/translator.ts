// Lookups in a language other than the page's: the clinic tablet shows a Spanish patient the forms
// they read and sign in Spanish inside the English staff app. Kept apart from index.ts so that the
// public pages, which never need it, do not download it.
import { en } from "./en.ts";
import { enApp } from "./en-app.ts";
import { currentLocale, fill, INTL_LOCALE, type Locale, type MessageKey, t, tMaybe } from "./index.ts";

const english: Record<string, string> = { ...en, ...enApp };

/** Lookups in one language, whatever language the page is in. */
export interface Translator {
  locale: Locale;
  /** The BCP 47 locale its dates are formatted with. */
  intl: string;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** For keys built from data (a refusal's code); falls back to the given text. */
  maybe: (key: string, fallback: string, values?: Record<string, string | number>) => string;
}

/** The page's own language, as a Translator. */
export function pageTranslator(): Translator {
  const locale = currentLocale();
  return { locale, intl: INTL_LOCALE[locale], t, maybe: tMaybe };
}

/**
 * Lookups in `locale` when the page is in another. Spanish loads on demand, as for a switch; a key
 * it lacks falls back to English.
 */
export async function translatorFor(locale: Locale): Promise<Translator> {
  if (locale === currentLocale()) return pageTranslator();
  const messages: Record<string, string> = locale === "es" ? (await import("./es.ts")).es : {};
  const lookup = (key: string) => messages[key] ?? english[key];
  return {
    locale,
    intl: INTL_LOCALE[locale],
    t: (key, values) => fill(lookup(key) ?? key, values),
    maybe: (key, fallback, values) => fill(lookup(key) ?? fallback, values),
  };
}
