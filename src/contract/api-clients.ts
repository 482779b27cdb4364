import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

/** A system allowed to use the clinic's FHIR API; its secret is never part of it. */
export const apiClientView = z.object({
  id: z.uuid(),
  name: z.string(),
  authMethod: z.enum(["client_secret_basic", "private_key_jwt"]),
  scopes: z.array(z.string()),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
});

export const newApiClientBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string().min(1).max(100)).min(1).max(50),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10) }).optional(),
});

export const apiClientList = z.object({ clients: z.array(apiClientView) });
/** A new client, and its secret shown this once (null when it signs with its own keys). */
export const newApiClientAnswer = z.object({ client: apiClientView, clientSecret: z.string().nullable() });
export const revokedApiClient = z.object({ client: apiClientView });

export type ApiClient = z.output<typeof apiClientView>;
export type NewApiClientBody = z.input<typeof newApiClientBody>;
export type NewApiClient = z.output<typeof newApiClientAnswer>;

export const idParams = z.strictObject({ id: z.uuid() });

// Endpoints the web reads.
export const apiClients = endpoint("GET", "/api/api-clients", apiClientList);
export const registerApiClient = endpoint("POST", "/api/api-clients", newApiClientAnswer);
export const revokeApiClient = endpoint("DELETE", "/api/api-clients/:id", revokedApiClient);
