import { useEffect, useState } from "react";
import type { PublicClinic } from "../../contract/clinic.ts";
import { api } from "../api/client.ts";

// The clinic's public details change rarely: fetch them once per page load and share them.
let cached: Promise<PublicClinic> | null = null;

function loadClinic(): Promise<PublicClinic> {
  cached ??= api.get<PublicClinic>("/api/public/clinic").catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

/** The clinic's public details, or null while they load or when they could not be loaded. */
export function usePublicClinic(): { clinic: PublicClinic | null; failed: boolean } {
  const [state, setState] = useState<{ clinic: PublicClinic | null; failed: boolean }>({
    clinic: null,
    failed: false,
  });
  useEffect(() => {
    let current = true;
    loadClinic().then(
      (clinic) => current && setState({ clinic, failed: false }),
      () => current && setState({ clinic: null, failed: true }),
    );
    return () => {
      current = false;
    };
  }, []);
  return state;
}
