import type { App } from "../../src/server/app.ts";
import { routeTable } from "../../src/server/http/access.ts";

/** The app's /api and /fhir routes (the API docs UI left out). */
export function apiRoutesOf(app: App) {
  return routeTable(app).filter(
    (r) => (r.url.startsWith("/api/") || r.url.startsWith("/fhir")) && !r.url.startsWith("/api/docs"),
  );
}
