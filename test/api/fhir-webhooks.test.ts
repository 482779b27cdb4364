/**
 * Webhooks for appointment events, delivered to a real local HTTP server: signed, retried with
 * exponential backoff, and visible in the delivery log. Endpoints on this server's networks are
 * refused unless WEBHOOK_ALLOW_PRIVATE_URLS is set, whether written as an address or as a name
 * that resolves to one, at registration and again at delivery.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import type { LookupAddress } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { withClinic } from "../../src/db/pool.ts";
import type { App } from "../../src/server/app.ts";
import {
  endpointProblem,
  type HostLookup,
  urlProblem,
  WebhookDispatcher,
} from "../../src/server/services/webhook.service.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

for (const target of await databaseTargets()) {
  describe(`webhooks (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let receiver: http.Server;
    let url: string;
    const received: Received[] = [];
    let failuresLeft = 0;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database, { WEBHOOK_POLL_MS: "0", WEBHOOK_ALLOW_PRIVATE_URLS: "1" });
      receiver = http.createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
          received.push({ headers: req.headers, body });
          if (failuresLeft > 0) {
            failuresLeft--;
            res.writeHead(500).end("try again");
          } else res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/remodel`;
    });
    after(async () => {
      await app.close();
      await new Promise((r) => receiver.close(r));
      await database.drop();
    });

    async function cancelAnAppointment(): Promise<string> {
      const { rows } = await database.admin.query(
        "select a.id, a.clinic_id from appointments a where a.status = 'booked' order by a.starts_at desc limit 1",
      );
      // As the application does it: the app role, scoped to the clinic.
      await withClinic(database.db, { clinicId: rows[0].clinic_id }, (tx) =>
        tx.query("update appointments set status = 'cancelled' where id = $1", [rows[0].id]),
      );
      return rows[0].id;
    }

    async function drain(dispatcher: WebhookDispatcher, until: () => Promise<boolean>) {
      for (let i = 0; i < 200 && !(await until()); i++) {
        await dispatcher.runOnce();
        await new Promise((r) => setTimeout(r, 5));
      }
    }

    test("an owner registers an endpoint; a cancelled appointment is delivered signed, after retries with backoff", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const created = await owner.post("/api/webhooks", {
        url,
        events: ["appointment.cancelled", "appointment.booked"],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { id, secret } = created.body.webhook;
      assert.ok(secret.length >= 32);
      assert.ok(
        !("secret" in (await owner.get("/api/webhooks")).body.webhooks[0]),
        "the secret is shown once",
      );

      failuresLeft = 2;
      const appointmentId = await cancelAnAppointment();
      const dispatcher = new WebhookDispatcher(database.db, {
        baseDelayMs: 1,
        maxAttempts: 5,
        allowPrivate: true,
      });
      const log = async () => (await owner.get(`/api/webhooks/${id}/deliveries`)).body.deliveries;
      await drain(dispatcher, async () => (await log())[0]?.status === "delivered");

      const [delivery] = await log();
      assert.equal(delivery.status, "delivered");
      assert.equal(delivery.event, "appointment.cancelled");
      assert.equal(delivery.attempts, 3);
      assert.deepEqual(
        delivery.tries.map((t: { statusCode: number; retryInMs: number | null }) => [
          t.statusCode,
          t.retryInMs,
        ]),
        [
          [500, 1],
          [500, 2],
          [204, null],
        ],
      );
      assert.equal(received.length, 3);
      const last = received[2]!;
      assert.equal(last.headers["x-remodel-event"], "appointment.cancelled");
      assert.equal(last.headers["x-remodel-delivery"], delivery.id);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(last.headers["x-remodel-signature"])) ?? [];
      assert.equal(v1, createHmac("sha256", secret).update(`${t}.${last.body}`).digest("hex"));
      const payload = JSON.parse(last.body);
      assert.equal(payload.event, "appointment.cancelled");
      assert.equal(payload.data.appointmentId, appointmentId);
      assert.equal(payload.data.status, "cancelled");
      const { rows } = await database.admin.query(
        "select p.family_name, p.given_name from appointments a join patients p on p.id = a.patient_id where a.id = $1",
        [appointmentId],
      );
      assert.ok(!last.body.includes(rows[0].family_name), "no patient names in payloads");
    });

    test("an endpoint that keeps failing is given up after the last attempt, and the log says why", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const created = await owner.post("/api/webhooks", { url, events: ["appointment.cancelled"] });
      const id = created.body.webhook.id;
      failuresLeft = 1000;
      await cancelAnAppointment();
      const dispatcher = new WebhookDispatcher(database.db, {
        baseDelayMs: 1,
        maxAttempts: 3,
        allowPrivate: true,
      });
      const log = async () => (await owner.get(`/api/webhooks/${id}/deliveries`)).body.deliveries;
      await drain(dispatcher, async () => (await log())[0]?.status === "failed");
      const [delivery] = await log();
      assert.equal(delivery.status, "failed");
      assert.equal(delivery.attempts, 3);
      assert.equal(delivery.lastError, "HTTP 500");
      assert.deepEqual(
        delivery.tries.map((t: { retryInMs: number | null }) => t.retryInMs),
        [1, 2, null],
      );
      failuresLeft = 0;
      assert.equal((await owner.request("DELETE", `/api/webhooks/${id}`)).status, 204);
    });

    test("only owners manage webhooks; bad URLs and events are named", async () => {
      const desk = await signedIn(app, DEMO.desk);
      assert.equal((await desk.get("/api/webhooks")).status, 403);
      const owner = await signedIn(app, DEMO.owner);
      const badEvent = await owner.post("/api/webhooks", { url, events: ["patient.deleted"] });
      assert.equal(badEvent.status, 400);
      assert.ok(Object.keys(badEvent.body.fields).some((f) => f.startsWith("body.events")));
      const badUrl = await owner.post("/api/webhooks", {
        url: "ftp://example.org/x",
        events: ["appointment.booked"],
      });
      assert.equal(badUrl.status, 400);
      assert.ok("body.url" in badUrl.body.fields);
      assert.equal(urlProblem("https://hooks.example.org/remodel", false), null);
      assert.match(String(urlProblem("http://hooks.example.org/remodel", false)), /https/);
      assert.match(String(urlProblem("https://127.0.0.1/x", false)), /private/);
      assert.match(String(urlProblem("https://localhost/x", false)), /network/);
    });

    test("names resolving to private addresses are refused at registration and delivery; allowed, deliveries go to the address checked", async () => {
      // A resolver the test controls: each name maps to fixed addresses.
      const names: Record<string, string[]> = {
        "hooks.example.test": ["127.0.0.1"],
        "metadata.example.test": ["169.254.169.254"],
        "mixed.example.test": ["93.184.216.34", "10.1.2.3"],
        "v6.example.test": ["::1"],
        "mapped.example.test": ["::ffff:127.0.0.1"],
        "ula.example.test": ["fd00::1"],
        "public.example.test": ["93.184.216.34"],
      };
      const lookup: HostLookup = async (host) => {
        const found = names[host];
        if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
        return found.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 }));
      };
      for (const host of Object.keys(names).filter((h) => h !== "public.example.test"))
        assert.match(String(await endpointProblem(`https://${host}/x`, false, lookup)), /private/, host);
      assert.equal(await endpointProblem("https://public.example.test/x", false, lookup), null);
      assert.match(String(await endpointProblem("https://nowhere.example.test/x", false, lookup)), /resolve/);
      assert.match(String(await endpointProblem("https://localhost/x", false, lookup)), /network/);
      assert.match(String(urlProblem("https://[::ffff:127.0.0.1]/x", false)), /private/);
      assert.match(String(urlProblem("https://100.64.0.1/x", false)), /private/);
      // The system resolver too: "localhost" is refused however it is written.
      assert.notEqual(await endpointProblem("https://LocalHost/x", false), null);
      assert.equal(await endpointProblem("https://hooks.example.test/x", true, lookup), null, "allowed");

      const owner = await signedIn(app, DEMO.owner);
      const port = (receiver.address() as AddressInfo).port;
      const byName = await owner.post("/api/webhooks", {
        url: `http://hooks.example.test:${port}/hooks/remodel`,
        events: ["appointment.cancelled"],
      });
      assert.equal(byName.status, 201, JSON.stringify(byName.body));
      const rebinding = await owner.post("/api/webhooks", {
        url: `https://hooks.example.test:${port}/hooks/remodel`,
        events: ["appointment.cancelled"],
      });
      const log = async (id: string) => (await owner.get(`/api/webhooks/${id}/deliveries`)).body.deliveries;
      failuresLeft = 0;
      const before = received.length;
      await cancelAnAppointment();

      // Private addresses not allowed: the https endpoint whose name now resolves to loopback fails
      // before any connection, and says why.
      const strict = new WebhookDispatcher(database.db, { baseDelayMs: 1, maxAttempts: 1, lookup });
      await drain(strict, async () => (await log(rebinding.body.webhook.id))[0]?.status === "failed");
      const [refused] = await log(rebinding.body.webhook.id);
      assert.equal(refused.status, "failed");
      assert.match(refused.lastError, /private address/);
      assert.match((await log(byName.body.webhook.id))[0].lastError, /https/);
      assert.equal(received.length, before, "nothing reached the receiver");

      // With the setting on, a name reaches the local receiver at the address the lookup gave.
      await cancelAnAppointment();
      const lenient = new WebhookDispatcher(database.db, {
        baseDelayMs: 1,
        maxAttempts: 1,
        allowPrivate: true,
        lookup,
      });
      await drain(lenient, async () =>
        (await log(byName.body.webhook.id)).some((d: { status: string }) => d.status === "delivered"),
      );
      assert.ok(
        (await log(byName.body.webhook.id)).some((d: { status: string }) => d.status === "delivered"),
      );
      assert.ok(received.length > before);
      assert.ok(
        received.slice(before).some((r) => r.headers.host === `hooks.example.test:${port}`),
        "sent under its name, to the address the lookup gave",
      );
    });
  });
}
