// The public pages' facts (from the clinic's protocol in force) and prices, fetched once per page load.
import { useEffect, useState } from "react";
import type { PublicFacts } from "../../../domain/patient/public-facts.ts";
import { api } from "../../api/client.ts";

export interface PublicPrice {
  id: string;
  name: string;
  kind: string;
  minutes: number;
  priceCents: number;
  description: string;
}
export interface FactsAndPrices {
  clinic: { name: string; slug: string };
  facts: PublicFacts;
  prices: PublicPrice[];
}

let cached: Promise<FactsAndPrices> | null = null;

export function usePublicFacts(): { data: FactsAndPrices | null; failed: boolean } {
  const [state, setState] = useState<{ data: FactsAndPrices | null; failed: boolean }>({
    data: null,
    failed: false,
  });
  useEffect(() => {
    let live = true;
    cached ??= api.get<FactsAndPrices>("/api/public/facts").catch((e: unknown) => {
      cached = null;
      throw e;
    });
    cached.then(
      (data) => live && setState({ data, failed: false }),
      () => live && setState({ data: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
