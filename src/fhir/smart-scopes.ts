/**
 * SMART on FHIR system scopes for API clients (Backend Services): parsing both the v2 form
 * (`system/Patient.rs`, `system/*.cruds`) and the v1 form (`system/Patient.read`, `system/*.write`,
 * `system/*.*`), deciding which requested scopes a client may be granted, and whether a granted
 * set allows one interaction on one resource type. Pure: no I/O.
 */

export type Permission = "c" | "r" | "u" | "d" | "s";

/** The FHIR interactions Remodel checks, and the SMART v2 permission each needs. */
export type Interaction = "create" | "read" | "update" | "delete" | "search";
const NEEDS: Record<Interaction, Permission> = {
  create: "c",
  read: "r",
  update: "u",
  delete: "d",
  search: "s",
};

export interface SmartScope {
  /** A resource type, or "*" for every type. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
}

const TYPE = /^([A-Z][A-Za-z]{1,63}|\*)$/;
// v2 permissions appear at most once each, in the order c r u d s.
const V2 = /^c?r?u?d?s?$/;
const V1: Record<string, Permission[]> = {
  read: ["r", "s"],
  write: ["c", "u", "d"],
  "*": ["c", "r", "u", "d", "s"],
};

/**
 * A system-level scope, or null for anything else: patient/ and user/ scopes, scopes with
 * v2 query constraints (`?category=...`, not supported), launch and OpenID scopes, or typos.
 */
export function parseScope(text: string): SmartScope | null {
  const m = /^system\/([^./?\s]+)\.([^?\s]+)$/.exec(text);
  if (!m) return null;
  const [, type, perms] = m as unknown as [string, string, string];
  if (!TYPE.test(type)) return null;
  const v1 = V1[perms];
  if (v1) return { resourceType: type, permissions: new Set(v1) };
  if (perms === "" || !V2.test(perms)) return null;
  return { resourceType: type, permissions: new Set(perms.split("") as Permission[]) };
}

/** Splits a space-separated `scope` parameter (RFC 6749 §3.3), duplicates dropped. */
export function splitScopes(param: string): string[] {
  return [...new Set(param.split(" ").filter((s) => s !== ""))];
}

/**
 * Types a wildcard (`system/*.…`) never reaches: a scope must name them. The audit log tells who
 * read which patient's record and when, which no "everything" grant should hand out by accident.
 */
export const EXPLICIT_ONLY: ReadonlySet<string> = new Set(["AuditEvent"]);

/** Whether a scope of `scopeType` ("*" or a type) reaches `resourceType`. */
function reaches(scopeType: string, resourceType: string): boolean {
  if (scopeType === resourceType) return true;
  return scopeType === "*" && !EXPLICIT_ONLY.has(resourceType);
}

function within(inner: SmartScope, outer: SmartScope): boolean {
  if (outer.resourceType !== inner.resourceType && !reaches(outer.resourceType, inner.resourceType))
    return false;
  for (const p of inner.permissions) if (!outer.permissions.has(p)) return false;
  return true;
}

/**
 * Which of the requested scopes the client gets: each one that some allowed scope covers in
 * full (type and every permission). No request means everything the client is allowed.
 */
export function grantScopes(
  requested: readonly string[] | null,
  allowed: readonly string[],
): { granted: string[]; refused: string[] } {
  if (requested === null || requested.length === 0) return { granted: [...allowed], refused: [] };
  const allowedScopes = allowed.map(parseScope).filter((s): s is SmartScope => s !== null);
  const granted: string[] = [];
  const refused: string[] = [];
  for (const text of requested) {
    const scope = parseScope(text);
    if (scope && allowedScopes.some((a) => within(scope, a))) granted.push(text);
    else refused.push(text);
  }
  return { granted, refused };
}

/**
 * Whether a token with these granted scopes may perform `interaction` on `resourceType`.
 * A wildcard covers every type except those in EXPLICIT_ONLY.
 */
export function permits(granted: readonly string[], resourceType: string, interaction: Interaction): boolean {
  const need = NEEDS[interaction];
  return granted.some((text) => {
    const s = parseScope(text);
    return s !== null && reaches(s.resourceType, resourceType) && s.permissions.has(need);
  });
}

/**
 * The types of `types` this token may read in full (read and search alike, as a bulk export or
 * Patient/$everything does), and those it may not, in the given order.
 */
export function readableTypes(
  granted: readonly string[],
  types: readonly string[],
): { readable: string[]; refused: string[] } {
  const readable: string[] = [];
  const refused: string[] = [];
  for (const t of types) (permits(granted, t, "read") ? readable : refused).push(t);
  return { readable, refused };
}

/** The scope a caller would need, for the error message of a refusal. */
export function neededScope(resourceType: string, interaction: Interaction): string {
  return `system/${resourceType}.${NEEDS[interaction]}`;
}
