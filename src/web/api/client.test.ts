import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { z } from "zod";
import { instant } from "../../contract/codecs.ts";
import { action, endpoint } from "../../contract/endpoint.ts";
import { ContractError, call, callUnchecked, submit } from "./client.ts";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function answer(body: unknown): string[] {
  const asked: string[] = [];
  globalThis.fetch = (async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return asked;
}

const visit = endpoint("GET", "/api/visits/:id", z.object({ id: z.string(), startsAt: instant }));

test("an endpoint's answer comes back checked and decoded: instants as Dates", async () => {
  const asked = answer({ id: "v1", startsAt: "2026-12-10T09:30:00.000Z" });
  const result = await call(visit, { params: { id: "v1" }, query: { full: true } });
  assert.deepEqual(asked, ["/api/visits/v1?full=true"]);
  assert.deepEqual(result, { id: "v1", startsAt: new Date("2026-12-10T09:30:00.000Z") });
});

test("an answer that does not match the contract is refused, never passed on as if it did", async () => {
  answer({ id: "v1", startsAt: "soon" });
  await assert.rejects(call(visit, { params: { id: "v1" } }), ContractError);
});

/** Answers the CSRF token and then `body` for every other request; records method, URL and body. */
function answerWrites(body: unknown): string[] {
  const asked: string[] = [];
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    if (url === "/api/auth/csrf")
      return new Response(JSON.stringify({ csrfToken: "t" }), {
        headers: { "content-type": "application/json" },
      });
    asked.push(`${init?.method} ${url} ${String(init?.body)}`);
    return new Response(JSON.stringify(body), {
      status: 201,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return asked;
}

const bookVisit = action(
  "POST",
  "/api/visits/:id/move",
  z.strictObject({ to: z.string() }),
  z.object({ id: z.string(), startsAt: instant }),
);

test("an action sends the body its schema takes and its answer comes back checked and decoded", async () => {
  const asked = answerWrites({ id: "v1", startsAt: "2026-12-10T09:30:00.000Z" });
  const result = await submit(bookVisit, { params: { id: "v1" }, body: { to: "room-2" } });
  assert.deepEqual(asked, ['POST /api/visits/v1/move {"to":"room-2"}']);
  assert.deepEqual(result, { id: "v1", startsAt: new Date("2026-12-10T09:30:00.000Z") });
  answerWrites({ id: "v1", startsAt: "soon" });
  await assert.rejects(submit(bookVisit, { params: { id: "v1" }, body: { to: "room-2" } }), ContractError);
});

test("an unchecked call (the public pages) fills the path from the contract's template and passes the answer on as sent", async () => {
  const asked = answerWrites({ id: "v1", startsAt: "2026-12-10T09:30:00.000Z" });
  const result = await callUnchecked<typeof bookVisit>(
    { method: "POST", path: "/api/visits/:id/move" },
    { params: { id: "v 1" }, body: { to: "room-2" } },
  );
  assert.deepEqual(asked, ['POST /api/visits/v%201/move {"to":"room-2"}']);
  assert.equal(result.startsAt, "2026-12-10T09:30:00.000Z");
});

test("a refusal the catalogue words is shown in its words, the field named in people's words; any other keeps the server's sentence", async () => {
  const { addEnglishMessages, switchLocale } = await import("../i18n/index.ts");
  const { enApp } = await import("../i18n/en-app.ts");
  addEnglishMessages(enApp);
  const { ApiError, errorMessage, nameRefusalFieldsWith } = await import("./client.ts");
  const { pageFieldName } = await import("./field-names.ts");
  nameRefusalFieldsWith(pageFieldName);
  const taken = new ApiError(409, {
    error: "slot_taken",
    message: "that time was just booked by someone else",
  });
  assert.equal(errorMessage(taken), enApp["error.slot_taken"]);
  const field = new ApiError(400, {
    error: "validation",
    message: "body.email: Invalid email address",
    fields: { "body.email": "Invalid email address" },
  });
  assert.equal(errorMessage(field), "Please check the e-mail address and try again.");
  const deep = new ApiError(400, {
    error: "invalid_intake",
    message: "body.medications[2].lastTaken: not a date",
    fields: { "body.medications[2].lastTaken": "not a date" },
  });
  assert.equal(errorMessage(deep), "Please check the date of the last dose in your answers and try again.");
  // A field only staff fill in: in English the server's sentence names it; in Spanish, plain words.
  const unnamed = new ApiError(400, {
    error: "validation",
    message: "body.roomId: unknown room",
    fields: { "body.roomId": "unknown room" },
  });
  assert.equal(errorMessage(unnamed), "body.roomId: unknown room");
  const unknown = new ApiError(409, { error: "something_new", message: "the server's own sentence" });
  assert.equal(errorMessage(unknown), "the server's own sentence");
  assert.equal(errorMessage(new Error("boom")), "Something went wrong. Please try again.");
  await switchLocale("es");
  try {
    assert.equal(errorMessage(field), "Revisa el correo electrónico y vuelve a intentarlo.");
    assert.equal(errorMessage(taken), "Otra persona acaba de reservar esa hora. Elige otra, por favor.");
    assert.equal(errorMessage(unnamed), "Revisa una de tus respuestas y vuelve a intentarlo.");
  } finally {
    await switchLocale("en");
  }
});

test("on a clinic tablet a refusal reads in the patient's language inside the English staff app", async () => {
  const { addEnglishMessages, currentLocale } = await import("../i18n/index.ts");
  const { enApp } = await import("../i18n/en-app.ts");
  addEnglishMessages(enApp);
  const { translatorFor } = await import("../i18n/translator.ts");
  const { ApiError } = await import("./client.ts");
  const { errorMessageIn } = await import("./field-names.ts");
  const spanish = await translatorFor("es");
  assert.equal(currentLocale(), "en", "the page stays English");
  const signature = new ApiError(400, {
    error: "invalid_signature",
    message: "body.signature: not a PNG image",
    fields: { "body.signature": "not a PNG image" },
  });
  assert.equal(
    errorMessageIn(signature, spanish.maybe),
    "No hemos podido leer tu firma. Bórrala y vuelve a firmar.",
  );
  const field = new ApiError(400, {
    error: "validation",
    message: "x",
    fields: { "body.typedName": "too short" },
  });
  assert.equal(errorMessageIn(field, spanish.maybe), "Revisa tu nombre completo y vuelve a intentarlo.");
  assert.equal(spanish.t("consent.sign"), "Firmar el consentimiento");
  assert.equal(spanish.date("2027-03-08"), "8 mar 2027");
});

/** A server that hands out a CSRF token and answers everything else with 204 No Content. */
function answerNoContent(): string[] {
  const asked: string[] = [];
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    asked.push(`${init?.method ?? "GET"} ${url}`);
    if (url === "/api/auth/csrf")
      return new Response(JSON.stringify({ csrfToken: "t" }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  return asked;
}

test("an answer without content (204) is null, checked against the endpoint's schema like any other", async () => {
  const { forgetCsrfToken } = await import("./client.ts");
  forgetCsrfToken();
  const asked = answerNoContent();
  const removal = endpoint("DELETE", "/api/things/:id", z.null());
  assert.equal(await call(removal, { params: { id: "a1" } }), null);
  assert.deepEqual(asked, ["GET /api/auth/csrf", "DELETE /api/things/a1"]);
  const promisedABody = endpoint("DELETE", "/api/things/:id", z.object({ id: z.string() }));
  await assert.rejects(call(promisedABody, { params: { id: "a1" } }), ContractError);
});

test("a write of the contract goes to its path with its parameters filled in and the body it was given", async () => {
  const { forgetCsrfToken, submit } = await import("./client.ts");
  const { write } = await import("../../contract/endpoint.ts");
  forgetCsrfToken();
  const sent: { method: string; url: string; body: unknown }[] = [];
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    sent.push({
      method: init?.method ?? "GET",
      url,
      body: init?.body ? JSON.parse(String(init.body)) : null,
    });
    const answer = url === "/api/auth/csrf" ? { csrfToken: "t" } : { saved: true };
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  const rename = write("PATCH", "/api/rooms/:id", z.strictObject({ name: z.string() }));
  assert.deepEqual(await submit(rename, { params: { id: "r 1" }, body: { name: "Room 2" } }), {
    saved: true,
  });
  assert.deepEqual(sent.at(-1), { method: "PATCH", url: "/api/rooms/r%201", body: { name: "Room 2" } });
});
