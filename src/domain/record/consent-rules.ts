/**
 * When a signed consent still counts: signed on the template's latest version, and less than
 * 12 calendar months ago (on the anniversary it must be signed again).
 */
import { addMonths, daysBetween } from "../calendar.ts";

export const CONSENT_VALID_MONTHS = 12;

export interface SignedConsent {
  templateVersion: number;
  /** Clinic-local calendar date of signing. */
  signedOn: string;
}

export type ConsentCurrency =
  | { current: true; expiresOn: string }
  | { current: false; reason: "none" | "outdated-version" | "expired"; expiresOn: string | null };

export function consentCurrency(
  consent: SignedConsent | null,
  latestTemplateVersion: number,
  today: string,
): ConsentCurrency {
  if (!consent) return { current: false, reason: "none", expiresOn: null };
  const expiresOn = addMonths(consent.signedOn, CONSENT_VALID_MONTHS);
  if (consent.templateVersion < latestTemplateVersion)
    return { current: false, reason: "outdated-version", expiresOn };
  if (daysBetween(today, expiresOn) <= 0) return { current: false, reason: "expired", expiresOn };
  return { current: true, expiresOn };
}

export type PhotoScope = "clinical" | "marketing";
