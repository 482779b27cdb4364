// Which messages patients read (and so need Spanish): every key except the staff app's. Staff
// screens stay in English; a staff key is one under these prefixes.
const STAFF_PREFIXES = ["staff.", "setup.", "inbox.", "intake.staff."] as const;

export function isPatientKey(key: string): boolean {
  return !STAFF_PREFIXES.some((prefix) => key.startsWith(prefix));
}
