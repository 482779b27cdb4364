// The web reads the server through the shared contract (src/contract): answers checked against the
// schema the server serialises with, through one query layer. These checks keep the hand-written
// copies from growing back: untyped reads (useRequest), hand-written types.ts copies of the
// server's shapes, and route schemas kept outside the contract.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(import.meta.dirname, "../..");
const rel = (file: string) => path.relative(root, file).split(path.sep).join("/");

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

/** Untyped reads (useRequest) the web may make: none, every screen reads through the contract. */
const MAX_USE_REQUEST = 0;

/** Hand-written copies of the server's shapes still in the web; the list only shrinks. */
const KNOWN_TYPES_FILES: string[] = [];

/** Screens that read through the contract: no untyped read may come back into them. */
const CONVERTED = [
  "src/web/staff/setup/setup-page.tsx",
  "src/web/staff/calendar/calendar-page.tsx",
  "src/web/staff/front-desk/book-visit.tsx",
  "src/web/staff/front-desk/outbox-page.tsx",
  "src/web/staff/front-desk/new-patient.tsx",
  "src/web/staff/inbox/inbox-page.tsx",
  "src/web/staff/layout.tsx",
  "src/web/staff/patient.tsx",
  "src/web/staff/booking-requests.tsx",
  "src/web/staff/screening/screening-panel.tsx",
  "src/web/staff/screening/clearance-grant.tsx",
  "src/web/staff/screening/screening-form.tsx",
  "src/web/staff/screening/profile-editor.tsx",
  "src/web/staff/record/outcomes.tsx",
  "src/web/staff/record/consultation.tsx",
  "src/web/staff/record/photos.tsx",
  "src/web/staff/record/chart-form.tsx",
  "src/web/staff/record/chart.tsx",
  "src/web/staff/record/chart-addenda.tsx",
  "src/web/staff/record/day-of-check.tsx",
  "src/web/staff/record/recall-page.tsx",
  "src/web/staff/record/stopped-session.tsx",
  "src/web/staff/protocol/protocol-page.tsx",
  "src/web/staff/fhir-import/import-page.tsx",
  "src/web/staff/setup/clinic-section.tsx",
  "src/web/staff/owner/data-rights-page.tsx",
  "src/web/staff/owner/clinic-profile-page.tsx",
  "src/web/staff/owner/consent-templates-page.tsx",
  "src/web/staff/owner/first-run.tsx",
  "src/web/staff/owner/accept-invitation.tsx",
  "src/web/session.tsx",
  "src/web/lib/use-clinic.ts",
  "src/web/site/booking/public-booking.tsx",
  "src/web/site/prices/use-facts.ts",
  "src/web/portal/set-password.tsx",
  "src/web/portal/aftercare/sign-in-link.tsx",
  "src/web/staff/owner/team-page.tsx",
  "src/web/staff/owner/webhooks-page.tsx",
  "src/web/staff/setup/api-clients-page.tsx",
  "src/web/portal/appointments.tsx",
  "src/web/portal/plan-progress/plan-page.tsx",
  "src/web/portal/progress/progress-page.tsx",
  "src/web/portal/booking/portal-book.tsx",
  "src/web/portal/aftercare/aftercare-page.tsx",
  "src/web/portal/check-ins/check-in-form.tsx",
  "src/web/portal/record/plan.tsx",
  "src/web/portal/record/consent.tsx",
  "src/web/portal/record/intake-form.tsx",
  "src/web/components/account-settings.tsx",
  "src/web/components/sign-in-form.tsx",
  "src/web/portal/layout.tsx",
];

/**
 * The only places that may talk to the server without a contract endpoint: the client itself, and
 * the photo upload, which sends the picture's bytes as the body (not JSON) and reads no answer.
 */
const OWN_FETCH = ["src/web/api/client.ts", "src/web/staff/record/photos.tsx"];

const HAND_TYPED = /\b(?:api\.(?:get|post)|request)\s*[<(]|\bfetch\s*\(/g;

const USE_REQUEST = /\buseRequest\s*[<(]/g;
const UNTYPED_GET = /\bapi\.get\s*[<(]/g;

test(`the web makes at most ${MAX_USE_REQUEST} untyped reads (useRequest)`, async () => {
  const uses: string[] = [];
  for (const file of await filesUnder(path.join(root, "src/web"))) {
    if (rel(file) === "src/web/lib/use-request.ts") continue;
    const count = (await readFile(file, "utf8")).match(USE_REQUEST)?.length ?? 0;
    for (let i = 0; i < count; i++) uses.push(rel(file));
  }
  assert.ok(
    uses.length <= MAX_USE_REQUEST,
    `${uses.length} useRequest uses, at most ${MAX_USE_REQUEST} allowed: read through a contract endpoint (useApiQuery) instead\n${uses.join("\n")}`,
  );
});

test("no new hand-written types.ts copies the server's shapes in the web", async () => {
  const found = (await filesUnder(path.join(root, "src/web")))
    .map(rel)
    .filter((f) => f.endsWith("/types.ts"))
    .sort();
  const extra = found.filter((f) => !KNOWN_TYPES_FILES.includes(f));
  assert.deepEqual(extra, [], "declare the answer's schema in src/contract and infer its type from it");
  const gone = KNOWN_TYPES_FILES.filter((f) => !found.includes(f));
  assert.deepEqual(gone, [], "these are gone: remove them from KNOWN_TYPES_FILES (the list only shrinks)");
});

test("screens moved to the contract read no untyped answers", async () => {
  const offending: string[] = [];
  for (const file of CONVERTED) {
    const text = await readFile(path.join(root, file), "utf8");
    if (USE_REQUEST.test(text) || UNTYPED_GET.test(text)) offending.push(file);
    USE_REQUEST.lastIndex = 0;
    UNTYPED_GET.lastIndex = 0;
  }
  assert.deepEqual(offending, [], "read through useApiQuery or call with a contract endpoint");
});

test("the web calls the server only through the contract: no hand-typed request, no bare fetch", async () => {
  const offending: string[] = [];
  for (const file of await filesUnder(path.join(root, "src/web"))) {
    if (OWN_FETCH.includes(rel(file))) continue;
    const text = await readFile(file, "utf8");
    if (HAND_TYPED.test(text)) offending.push(rel(file));
    HAND_TYPED.lastIndex = 0;
  }
  assert.deepEqual(
    offending,
    [],
    "call, submit or useApiQuery with a contract endpoint (callUnchecked on public pages)",
  );
});

test("route schemas live in src/contract, not beside the routes", async () => {
  const stray = (await filesUnder(path.join(root, "src/server/routes")))
    .map(rel)
    .filter((f) => f.endsWith(".schema.ts"));
  assert.deepEqual(stray, [], "move these schemas into src/contract, where the web can import them");
  for (const route of [
    "src/server/routes/appointments/appointments.route.ts",
    "src/server/routes/setup/setup.route.ts",
    "src/server/routes/inbox/inbox.route.ts",
    "src/server/routes/portal/portal.route.ts",
    "src/server/routes/booking-requests/booking-requests.route.ts",
    "src/server/routes/first-run/first-run.route.ts",
    "src/server/routes/oauth/api-clients.route.ts",
    "src/server/routes/public/public.route.ts",
    "src/server/routes/staff/staff.route.ts",
    "src/server/routes/webhooks/webhooks.route.ts",
    "src/server/routes/portal-locale/portal-locale.route.ts",
    "src/server/routes/portal-auth/portal-auth.route.ts",
    "src/server/routes/portal-plan/portal-plan.route.ts",
    "src/server/routes/patients/patients.route.ts",
    "src/server/routes/screenings/screenings.route.ts",
    "src/server/routes/charts/charts.route.ts",
    "src/server/routes/recalls/recalls.route.ts",
    "src/server/routes/fhir/import.route.ts",
    "src/server/routes/protocol/protocol.route.ts",
    "src/server/routes/patient-data/patient-data.route.ts",
  ]) {
    const text = await readFile(path.join(root, route), "utf8");
    assert.match(
      text,
      /from "\.\.\/\.\.\/\.\.\/contract\//,
      `${route} validates with the contract's schemas`,
    );
    assert.doesNotMatch(text, /from "zod"/, `${route} declares no schema of its own`);
  }
});
