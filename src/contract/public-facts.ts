// What the public site quotes (FAQ, comparison) from the clinic's protocol in force, and its prices.
// The public pages read it unchecked (the schema library stays out of their download), typed from here.
import { z } from "zod";
import type { PublicFacts } from "../domain/patient/public-facts.ts";
import { endpoint } from "./endpoint.ts";

/**
 * A visit type as patients and visitors see it (the price list, the booking pages): what it is,
 * how long, what it costs. One shape for the public site and the portal.
 */
export const bookableType = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  minutes: z.number(),
  priceCents: z.number(),
  description: z.string(),
});

export const publicFactsQuery = z.strictObject({ clinic: z.string().max(63).optional() });

export const factsAndPrices = z.object({
  clinic: z.object({ name: z.string(), slug: z.string() }),
  /** Made by the protocol's public-facts module and passed on as it is: its shape is that module's type. */
  facts: z.custom<PublicFacts>(
    (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  ),
  prices: z.array(bookableType),
});

export type FactsAndPrices = z.output<typeof factsAndPrices>;
export type PublicPrice = z.output<typeof bookableType>;

// Endpoints the web reads.
export const publicFacts = endpoint("GET", "/api/public/facts", factsAndPrices);
