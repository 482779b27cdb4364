import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from "react";
import type { SessionUser } from "../contract/auth.ts";
import { ApiError, api, onUnauthorized, sessionChanged } from "./api/client.ts";
import { setClinicTimeZone } from "./i18n/index.ts";

export type SessionState =
  | { status: "loading"; user: null }
  | { status: "signed-in"; user: SessionUser }
  | { status: "signed-out"; user: null; expired: boolean }
  | { status: "error"; user: null; error: unknown };

interface SessionContextValue {
  session: SessionState;
  signIn(email: string, password: string): Promise<SessionUser>;
  /** Takes on the user of a sign-in that finished elsewhere (the two-factor step of the form). */
  adopt(user: SessionUser): void;
  signOut(): Promise<void>;
  refresh(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: "loading", user: null });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the refresh trigger
  useEffect(() => {
    let current = true;
    api.get<{ user: SessionUser }>("/api/auth/me").then(
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

  const signIn = useCallback(async (email: string, password: string) => {
    const { user } = await api.post<{ user: SessionUser }>("/api/auth/login", { email, password });
    // Signing in starts a new session, and the CSRF token belongs to the old one.
    sessionChanged();
    setSession({ status: "signed-in", user });
    return user;
  }, []);

  const adopt = useCallback((user: SessionUser) => {
    sessionChanged();
    setSession({ status: "signed-in", user });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post<void>("/api/auth/logout");
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

  const value = useMemo(
    () => ({ session, signIn, adopt, signOut, refresh }),
    [session, signIn, adopt, signOut, refresh],
  );
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
