/**
 * Whether a name is an IANA time zone ("Europe/London", "America/Argentina/Buenos_Aires", "UTC")
 * that this runtime knows. Offsets ("+01:00") and abbreviations ("CET" aside, which IANA lists)
 * are not zones: a clinic's clock must follow its zone's daylight-saving rules.
 */
const NAME = /^(?:[A-Za-z][A-Za-z0-9_+-]*)(?:\/[A-Za-z0-9_+-]+){0,2}$/;

export function isIanaTimeZone(name: string): boolean {
  if (name.length > 64 || !NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
