/**
 * The optional photo with a check-in: cleaned and stored like a clinic photo (in the directory or
 * the S3-compatible bucket), kept in the clinical record only, seen by the clinic in the inbox and
 * by the patient with their check-in; without a current photo consent the check-in is still taken.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import type { App } from "../../src/server/app.ts";
import { CALM_CHECK_IN, signedSessionFor } from "../browser/patient-fixtures.ts";
import { buildTestApp, Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestS3, type TestS3 } from "../support/s3.ts";
import { patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

const MAX_BYTES = 300_000;

/** A phone picture with camera and GPS tags. */
async function phoneJpeg(width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 210, g: 140, b: 130 } } })
    .withMetadata({
      exif: {
        IFD0: { Make: "PhoneCo", Model: "Camera 12" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "51/1 30/1 0/1",
          GPSLongitudeRef: "W",
          GPSLongitude: "0/1 7/1 0/1",
        },
      },
    })
    .jpeg()
    .toBuffer();
}

for (const target of await databaseTargets())
  for (const storeKind of ["directory", "S3"] as const) {
    describe(`check-in photos (${target.name} PostgreSQL, ${storeKind} store)`, () => {
      let database: TestDatabase;
      let app: App;
      let photoDir: string;
      let s3: TestS3 | undefined;
      let ava: Client;
      let nurse: Client;
      let avaId: string;
      const storedKeys = async (): Promise<string[]> =>
        s3
          ? s3.keys()
          : (await readdir(photoDir, { recursive: true, withFileTypes: true }).catch(() => []))
              .filter((e) => e.isFile())
              .map((e) => path.relative(photoDir, path.join(e.parentPath, e.name)));
      const readStored = async (key: string) =>
        s3 ? s3.object(key) : readFile(path.join(photoDir, key)).catch(() => null);
      const count = async (sql: string) => (await database.admin.query(sql)).rows[0].n as number;

      before(async () => {
        database = await freshDatabase(target);
        photoDir = await mkdtemp(path.join(tmpdir(), "remodel-check-in-photos-"));
        if (storeKind === "S3") s3 = await startTestS3();
        app = await seededApp(database, {
          REMODEL_PHOTO_DIR: photoDir,
          PHOTO_MAX_BYTES: String(MAX_BYTES),
          ...s3?.env,
        });
        ava = await signedIn(app, DEMO.patient);
        nurse = await signedIn(app, DEMO.nurse);
        avaId = await patientIdOf(nurse, "Martin");
      });
      after(async () => {
        await app.close();
        await database.drop();
        await s3?.close();
        await rm(photoDir, { recursive: true, force: true });
      });

      test("without a current photo consent the check-in is taken and triaged, and the photo is not kept", async () => {
        const consents = (await ava.get("/api/portal/consents")).body.status;
        assert.equal(consents.find((s: { kind: string }) => s.kind === "photo").currency.current, false);
        const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 26);
        const res = await ava.post("/api/portal/check-ins", {
          chartId,
          answers: { ...CALM_CHECK_IN, fever: true },
          photo: (await phoneJpeg()).toString("base64"),
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.equal(res.body.triage, "red-flag", "the red flag is not held back by the photo");
        assert.equal(res.body.photoId, null);
        assert.equal(res.body.photoNotStored, "no_photo_consent");
        assert.equal(await count("select count(*)::int as n from photos"), 0);
        assert.deepEqual(await storedKeys(), []);
      });

      test("with a photo consent the picture is cleaned, stored, kept in the clinical record only and audited", async () => {
        // Even under a marketing consent: a check-in photo never becomes marketing material.
        await signOnTablet(nurse, avaId, "photo", "marketing");
        const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 27);
        const res = await ava.post("/api/portal/check-ins", {
          chartId,
          answers: CALM_CHECK_IN,
          photo: (await phoneJpeg()).toString("base64"),
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.equal(res.body.triage, "expected");
        assert.equal(res.body.photoNotStored, null);
        const photoId = res.body.photoId;
        assert.ok(photoId);
        const [row] = (await database.admin.query("select * from photos where id = $1", [photoId])).rows;
        assert.equal(row.view, "check-in");
        assert.equal(row.consent_scope, "clinical");
        assert.equal(row.chart_id, chartId);
        assert.equal(row.patient_id, avaId);
        const [checkIn] = (
          await database.admin.query("select photo_id from check_ins where id = $1", [res.body.id])
        ).rows;
        assert.equal(checkIn.photo_id, photoId);
        const stored = await readStored(row.storage_key);
        assert.ok(stored);
        const meta = await sharp(stored).metadata();
        assert.equal(meta.exif, undefined, "no EXIF or GPS");
        assert.ok(!stored.includes(Buffer.from("PhoneCo")));
        assert.ok(await readStored(row.thumb_key), "a thumbnail too");
        const audit = await database.admin.query(
          "select action, actor_role, detail from audit_log where resource_id = $1 order by id",
          [photoId],
        );
        assert.deepEqual(
          audit.rows.map((r) => [r.action, r.actor_role, r.detail.view]),
          [["photo.upload", "patient", "check-in"]],
        );

        // Not among the standard views (record, progress) nor in the marketing gallery.
        assert.ok(
          !(await nurse.get(`/api/patients/${avaId}/photos`)).body.photos.some(
            (p: { id: string }) => p.id === photoId,
          ),
        );
        assert.ok(
          !(await ava.get("/api/portal/photos")).body.photos.some((p: { id: string }) => p.id === photoId),
        );
        assert.ok(
          !(await nurse.get("/api/photos/marketing")).body.photos.some(
            (p: { id: string }) => p.id === photoId,
          ),
        );
        assert.equal((await nurse.get(`/api/photos/${photoId}/image?context=marketing`)).status, 404);
      });

      test("the clinic sees the photo in the inbox item (clinicians open it); the patient sees it with the check-in", async () => {
        const inbox = await nurse.get("/api/inbox?all=true");
        const item = inbox.body.items.find((i: { photo: unknown }) => i.photo !== null);
        assert.ok(item, JSON.stringify(inbox.body.items));
        assert.equal(item.photo.removed, false);
        const image = await nurse.get(`/api/photos/${item.photo.id}/image?size=thumb`);
        assert.equal(image.status, 200);
        const desk = await signedIn(app, DEMO.desk);
        const deskInbox = await desk.get("/api/inbox?all=true");
        assert.ok(
          deskInbox.body.items.some((i: { photo: { id: string } | null }) => i.photo?.id === item.photo.id),
        );
        assert.equal((await desk.get(`/api/photos/${item.photo.id}/image`)).status, 403);

        const aftercare = await ava.get("/api/portal/aftercare");
        const mine = aftercare.body.sessions.flatMap(
          (s: { checkIns: { photoId: string | null }[] }) => s.checkIns,
        );
        assert.ok(mine.some((c: { photoId: string | null }) => c.photoId === item.photo.id));
        assert.equal((await ava.get(`/api/portal/photos/${item.photo.id}/image?size=thumb`)).status, 200);

        // Removed by the clinic: the check-in stays and says so; the picture is gone.
        const removed = await nurse.request("DELETE", `/api/photos/${item.photo.id}`, {
          reason: "Blurred, asked for a new one",
        });
        assert.equal(removed.status, 200);
        const after = (await nurse.get("/api/inbox?all=true")).body.items.find(
          (i: { id: string }) => i.id === item.id,
        );
        assert.deepEqual(after.photo, { id: item.photo.id, removed: true });
        assert.equal((await ava.get(`/api/portal/photos/${item.photo.id}/image?size=thumb`)).status, 404);
        assert.deepEqual(await storedKeys(), []);
      });

      test("bad pictures are refused naming body.photo, and nothing is stored: no check-in, no photo, no file", async () => {
        const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 28);
        const checkIns = await count("select count(*)::int as n from check_ins");
        const photos = await count("select count(*)::int as n from photos");
        const gif = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#888" } })
          .gif()
          .toBuffer();
        const flat = (w: number, h: number) =>
          sharp({ create: { width: w, height: h, channels: 3, background: "#777" } })
            .png()
            .toBuffer();
        const noisy = (side: number) =>
          sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
            .png()
            .toBuffer();
        // Just over the limit (the route decodes it and refuses), and far past it (refused unread).
        const [noise, huge] = await Promise.all([noisy(400), noisy(900)]);
        assert.ok(noise.length > MAX_BYTES);
        const cases: [string, string, number][] = [
          ["gif", gif.toString("base64"), 415],
          ["not a picture", Buffer.from("%PDF-1.7 hello").toString("base64"), 415],
          ["too small", (await flat(120, 120)).toString("base64"), 422],
          ["a strip", (await flat(3000, 250)).toString("base64"), 422],
          ["oversized", noise.toString("base64"), 413],
          ["far past the body limit", huge.toString("base64"), 413],
          ["not base64", "this is not base64!", 400],
        ];
        for (const [name, photo, status] of cases) {
          const res = await ava.post("/api/portal/check-ins", { chartId, answers: CALM_CHECK_IN, photo });
          assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
          assert.ok(res.body.fields?.["body.photo"], `${name} names body.photo: ${JSON.stringify(res.body)}`);
        }
        // Another patient's session: not found, whatever the photo.
        const noah = await signedSessionFor(database.admin, "noah.okafor@demo.remodel.test", 30);
        const other = await ava.post("/api/portal/check-ins", {
          chartId: noah.chartId,
          answers: CALM_CHECK_IN,
          photo: (await phoneJpeg()).toString("base64"),
        });
        assert.equal(other.status, 404);
        assert.equal(await count("select count(*)::int as n from check_ins"), checkIns);
        assert.equal(await count("select count(*)::int as n from photos"), photos);
        assert.deepEqual(await storedKeys(), []);
      });
      test("when the photo store is down, a check-in still goes through without its photo; a clinic upload is a 503", async () => {
        const broken = await buildTestApp(database, {
          REMODEL_PHOTO_DIR: photoDir,
          PHOTO_S3_ENDPOINT: "http://127.0.0.1:9",
          PHOTO_S3_BUCKET: "nowhere",
          PHOTO_S3_ACCESS_KEY_ID: "k",
          PHOTO_S3_SECRET_ACCESS_KEY: "s",
          PHOTO_S3_FORCE_PATH_STYLE: "true",
        });
        // The same sessions work on both apps (they live in the database): no second sign-in, so
        // no authenticator code is used twice.
        const on = (client: Client) => {
          const copy = new Client(broken);
          for (const [k, v] of client.cookies) copy.cookies.set(k, v);
          copy.csrf = client.csrf;
          return copy;
        };
        try {
          await signOnTablet(nurse, avaId, "photo", "clinical");
          const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 29);
          const patient = on(ava);
          const photos = await count("select count(*)::int as n from photos");
          const res = await patient.post("/api/portal/check-ins", {
            chartId,
            answers: { ...CALM_CHECK_IN, warmthOrPus: true },
            photo: (await phoneJpeg()).toString("base64"),
          });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          assert.equal(res.body.triage, "red-flag");
          assert.equal(res.body.photoId, null);
          assert.equal(res.body.photoNotStored, "photo_store_unavailable");
          assert.equal(await count("select count(*)::int as n from photos"), photos);

          const staff = on(nurse);
          const csrf = (await staff.get("/api/auth/csrf")).body.csrfToken;
          const upload = await broken.inject({
            method: "POST",
            url: `/api/patients/${avaId}/photos?view=front`,
            headers: {
              cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
              "x-csrf-token": csrf,
              "content-type": "image/jpeg",
            },
            payload: await phoneJpeg(),
          });
          assert.equal(upload.statusCode, 503, upload.body);
          assert.equal(upload.json().error, "photo_store_unavailable");
          assert.equal(await count("select count(*)::int as n from photos"), photos);

          // A removal while the store is down: the tombstone commits and the image is no longer
          // served; the answer says the files were not deleted (they stay until removed by hand).
          const working = await app.inject({
            method: "POST",
            url: `/api/patients/${avaId}/photos?view=front`,
            headers: {
              cookie: [...nurse.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
              "x-csrf-token": csrf,
              "content-type": "image/jpeg",
            },
            payload: await phoneJpeg(),
          });
          assert.equal(working.statusCode, 201, working.body);
          const liveId = working.json().photo.id;
          const removal = await staff.request("DELETE", `/api/photos/${liveId}`, {
            reason: "store down test",
          });
          assert.equal(removal.status, 200, JSON.stringify(removal.body));
          assert.equal(removal.body.filesDeleted, false);
          assert.ok(removal.body.photo.removed);
          assert.equal((await nurse.get(`/api/photos/${liveId}/image`)).status, 404);
        } finally {
          await broken.close();
        }
      });
    });
  }
