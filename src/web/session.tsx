import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from "react";
import type { currentUser, logout, SessionUser } from "../contract/auth.ts";
import { ApiError, callUnchecked, onUnauthorized, sessionChanged } from "./api/client.ts";
import { setClinicTimeZone } from "./i18n/index.ts";

export type SessionState =
  | { status: "loading"; user: null }
  | { status: "signed-in"; user: SessionUser }
  | { status: "signed-out"; user: null; expired: boolean }
  | { status: "error"; user: null; error: unknown };

interface SessionContextValue {
  session: SessionState;
  /**
   * Takes on the user of a sign-in that finished elsewhere: the sign-in form (password, then for
   * owners and providers the second factor), a sign-in link, an accepted invitation. A new session
   * also means a new CSRF token.
   */
  adopt(user: SessionUser): void;
  signOut(): Promise<void>;
  refresh(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

// Every page loads the session, the public ones too (/self-check, /book), whose download must stay
// without the schema library: its calls are typed from the contract by type only, and unchecked.
// The user holds no instant, so what travels is what the contract's schema gives.
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: "loading", user: null });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the refresh trigger
  useEffect(() => {
    let current = true;
    callUnchecked<typeof currentUser>({ method: "GET", path: "/api/auth/me" }).then(
      ({ user }) => current && setSession({ status: "signed-in", user }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 401) {
          setSession({ status: "signed-out", user: null, expired: false });
        } else {
          setSession({ status: "error", user: null, error });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  // Any API call answered with 401 means the session is gone (expired or signed out elsewhere).
  useEffect(
    () =>
      onUnauthorized(() => {
        sessionChanged();
        setSession({ status: "signed-out", user: null, expired: true });
      }),
    [],
  );

  const adopt = useCallback((user: SessionUser) => {
    sessionChanged();
    setSession({ status: "signed-in", user });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await callUnchecked<typeof logout>({ method: "POST", path: "/api/auth/logout" });
    } catch (error) {
      // Already signed out on the server is as good as signed out.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    } finally {
      sessionChanged();
    }
    setSession({ status: "signed-out", user: null, expired: false });
  }, []);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);

  // Dates are typed in the order of the signed-in user's clinic (a UK clinic: day first).
  const clinicTimeZone = session.user?.clinic.timeZone;
  useEffect(() => {
    if (clinicTimeZone) setClinicTimeZone(clinicTimeZone);
  }, [clinicTimeZone]);

  const value = useMemo(() => ({ session, adopt, signOut, refresh }), [session, adopt, signOut, refresh]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (value === null) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}

export const STAFF_ROLES: ReadonlySet<SessionUser["role"]> = new Set(["owner", "provider", "front_desk"]);

export function isStaff(user: SessionUser): boolean {
  return STAFF_ROLES.has(user.role);
}

const CREDENTIAL_LABELS: Record<NonNullable<SessionUser["credential"]>, string> = {
  physician: "Physician",
  nurse: "Nurse",
  aesthetician: "Licensed aesthetician",
};

const ROLE_LABELS: Record<SessionUser["role"], string> = {
  owner: "Owner",
  provider: "Provider",
  front_desk: "Front desk",
  patient: "Patient",
};

/** "Physician · up to 2.5 mm", "Front desk", "Owner · Nurse". */
export function describeRole(user: SessionUser): string {
  const parts: string[] = [];
  if (user.role !== "provider") parts.push(ROLE_LABELS[user.role]);
  if (user.credential !== null) parts.push(CREDENTIAL_LABELS[user.credential]);
  else if (user.role === "provider") parts.push(ROLE_LABELS.provider);
  if (user.maxNeedleDepthMm !== null) parts.push(`needle depth up to ${user.maxNeedleDepthMm} mm`);
  return parts.join(" · ");
}
