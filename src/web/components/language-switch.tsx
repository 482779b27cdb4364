// The patient side's language: chosen from the browser's languages on a first visit, then from the
// switch, remembered on this device and, for a signed-in patient, on the account (the portal
// reads it back at sign-in on any device).
import { NativeSelect } from "@mantine/core";
import { useEffect, useState } from "react";
import {
  currentLocale,
  isLocale,
  LOCALES,
  type Locale,
  onLocaleChange,
  switchLocale,
  t,
} from "../i18n/index.ts";

export const LOCALE_STORAGE_KEY = "remodel.locale";

function stored(): Locale | null {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** The language to start in: the one chosen on this device, else the browser's first we speak. */
export function initialLocale(): Locale {
  const chosen = stored();
  if (chosen) return chosen;
  const languages = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  for (const language of languages) {
    const base = language.toLowerCase().split("-")[0];
    if (isLocale(base)) return base;
  }
  return "en";
}

/** Switches language and remembers it on this device. */
export async function chooseLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private browsing without storage: the choice lasts for this page.
  }
  await switchLocale(locale);
}

/** Re-renders the caller when the language changes. */
export function useLocale(): Locale {
  const [locale, setLocale] = useState(currentLocale());
  useEffect(() => onLocaleChange(() => setLocale(currentLocale())), []);
  return locale;
}

export function LanguageSwitch({ onChange }: { onChange?: (locale: Locale) => void }) {
  const locale = useLocale();
  return (
    <NativeSelect
      size="xs"
      w={64}
      aria-label={t("common.language")}
      title={t(`common.language.${locale}`)}
      value={locale}
      data-testid="language-switch"
      // Two-letter codes keep the switch narrow beside the header's buttons on a 375 px phone.
      data={LOCALES.map((l) => ({ value: l, label: l.toUpperCase() }))}
      onChange={(e) => {
        const next = e.currentTarget.value;
        if (!isLocale(next)) return;
        void chooseLocale(next).then(() => onChange?.(next));
      }}
    />
  );
}
