// The public pages' facts (from the clinic's protocol in force) and prices, fetched once per page load.
// Read unchecked, typed from the contract by type only: checking would bring the schema library
// into the public pages' download. The answer holds no instant, so nothing is left undecoded.
import { useEffect, useState } from "react";
import type { FactsAndPrices, publicFacts } from "../../../contract/public-facts.ts";
import { callUnchecked } from "../../api/client.ts";

let cached: Promise<FactsAndPrices> | null = null;

export function usePublicFacts(): { data: FactsAndPrices | null; failed: boolean } {
  const [state, setState] = useState<{ data: FactsAndPrices | null; failed: boolean }>({
    data: null,
    failed: false,
  });
  useEffect(() => {
    let live = true;
    cached ??= callUnchecked<typeof publicFacts>({ method: "GET", path: "/api/public/facts" }).catch(
      (e: unknown) => {
        cached = null;
        throw e;
      },
    );
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
