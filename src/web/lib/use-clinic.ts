import { useEffect, useState } from "react";
import type { clinicPublicFace, PublicClinic } from "../../contract/clinic.ts";
import { callUnchecked } from "../api/client.ts";
import { setClinicTimeZone } from "../i18n/index.ts";
import { useSession } from "../session.tsx";
import { formatMoney } from "./format.ts";

// The clinic's public details change rarely: fetch them once per page load (per clinic) and share them.
const cached = new Map<string, Promise<PublicClinic>>();

function loadClinic(slug: string | undefined): Promise<PublicClinic> {
  const key = slug ?? "";
  let found = cached.get(key);
  if (!found) {
    // Read unchecked on purpose (typed from the contract, by type only): the public pages load
    // this, and checking the answer would bring the schema library into their download (over its
    // 150 KB budget). The clinic's details hold no instant, so nothing is left undecoded.
    found = callUnchecked<typeof clinicPublicFace>(
      { method: "GET", path: "/api/public/clinic" },
      { query: { slug: slug || undefined } },
    ).then(
      (clinic) => {
        // Dates are typed in the clinic's order (a UK clinic: day first).
        setClinicTimeZone(clinic.timeZone);
        return clinic;
      },
      (error: unknown) => {
        cached.delete(key);
        throw error;
      },
    );
    cached.set(key, found);
  }
  return found;
}

/**
 * The clinic's public details, or null while they load or when they could not be loaded. The
 * signed-in areas name their own clinic (one server may host several); the public pages show the
 * server's.
 */
export function usePublicClinic(slug?: string): { clinic: PublicClinic | null; failed: boolean } {
  const [state, setState] = useState<{ clinic: PublicClinic | null; failed: boolean }>({
    clinic: null,
    failed: false,
  });
  useEffect(() => {
    let current = true;
    loadClinic(slug).then(
      (clinic) => current && setState({ clinic, failed: false }),
      () => current && setState({ clinic: null, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [slug]);
  return state;
}

/**
 * Writes prices in the currency of the clinic: the signed-in person's, else the public pages'.
 * Until the clinic's details arrive (or if they cannot be read) an amount goes without a currency
 * sign rather than with a wrong one.
 */
export function useMoney(): (cents: number) => string {
  const { session } = useSession();
  const { clinic } = usePublicClinic(session.user?.clinic.slug);
  const currency = clinic?.currency ?? null;
  return (cents) =>
    currency ? formatMoney(cents, currency) : (cents / 100).toFixed(cents % 100 === 0 ? 0 : 2);
}
