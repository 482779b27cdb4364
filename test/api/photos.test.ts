import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import type { App } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { photoStorageFor } from "../../src/server/storage/storage-from-config.ts";
import { type Client, DEMO, type Response, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestS3, type TestS3 } from "../support/s3.ts";
import { patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

const MAX_BYTES = 300_000;

/** A phone-like JPEG: EXIF camera and GPS tags, a P3 colour profile, and "rotate 90°" orientation. */
async function phoneJpeg(width = 1200, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 150, b: 130 } } })
    .withMetadata({
      orientation: 6,
      exif: {
        IFD0: { Make: "PhoneCo", Model: "Camera 12", Software: "v1" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "51/1 30/1 0/1",
          GPSLongitudeRef: "W",
          GPSLongitude: "0/1 7/1 0/1",
        },
      },
    })
    .withIccProfile("p3")
    .jpeg()
    .toBuffer();
}

async function upload(
  client: Client,
  url: string,
  bytes: Buffer,
  contentType = "image/jpeg",
): Promise<Response> {
  if (!client.csrf) client.csrf = (await client.get("/api/auth/csrf")).body.csrfToken;
  const res = await client.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      "x-csrf-token": client.csrf!,
      "content-type": contentType,
    },
    payload: bytes,
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  } catch {
    return [];
  }
}

/** What the photo store holds, read behind the server's back: the directory, or the bucket's server. */
interface StoreProbe {
  keys(): Promise<string[]>;
  read(key: string): Promise<Buffer | null>;
  put(key: string, bytes: Buffer): Promise<void>;
}

for (const target of await databaseTargets())
  for (const storeKind of ["directory", "S3"] as const) {
    describe(`photos (${target.name} PostgreSQL, ${storeKind} store)`, () => {
      let database: TestDatabase;
      let app: App;
      let photoDir: string;
      let s3: TestS3 | undefined;
      let store: StoreProbe;
      let nurse: Client;
      let desk: Client;
      let ava: string;
      let noah: string;
      let mia: string;
      before(async () => {
        database = await freshDatabase(target);
        photoDir = await mkdtemp(path.join(tmpdir(), "remodel-photos-"));
        if (storeKind === "S3") {
          const bucket = await startTestS3();
          s3 = bucket;
          store = {
            keys: () => bucket.keys(),
            read: (key) => bucket.object(key),
            put: (key, bytes) => photoStorageFor(loadConfig(bucket.env)).put(key, bytes),
          };
        } else {
          store = {
            keys: async () => (await filesUnder(photoDir)).sort(),
            read: (key) => readFile(path.join(photoDir, key)).catch(() => null),
            put: async (key, bytes) => {
              await mkdir(path.dirname(path.join(photoDir, key)), { recursive: true });
              await writeFile(path.join(photoDir, key), bytes);
            },
          };
        }
        app = await seededApp(database, {
          REMODEL_PHOTO_DIR: photoDir,
          ...s3?.env,
          PHOTO_MAX_BYTES: String(MAX_BYTES),
          PHOTO_MAX_PIXELS: "2000000",
        });
        nurse = await signedIn(app, DEMO.nurse);
        desk = await signedIn(app, DEMO.desk);
        ava = await patientIdOf(nurse, "Martin");
        noah = await patientIdOf(nurse, "Okafor");
        mia = await patientIdOf(nurse, "Kowalski");
      });
      after(async () => {
        await app.close();
        await database.drop();
        await s3?.close();
        await rm(photoDir, { recursive: true, force: true });
      });

      const photoRows = async (patientId: string) =>
        (await database.admin.query("select * from photos where patient_id = $1", [patientId])).rows;

      /** A refusal leaves nothing: no row and no file. */
      async function assertNothingStored(patientId: string) {
        assert.equal((await photoRows(patientId)).length, 0);
        assert.deepEqual(
          (await store.keys()).filter((f) => f.includes(patientId)),
          [],
        );
      }

      test("without a current photo consent no photo is taken", async () => {
        const res = await upload(nurse, `/api/patients/${mia}/photos?view=front`, await phoneJpeg());
        assert.equal(res.status, 409);
        assert.equal(res.body.error, "photo_consent_required");
        await assertNothingStored(mia);
      });

      test("a stored photo has no EXIF, GPS, XMP or colour profile, is upright, and has a thumbnail", async () => {
        await signOnTablet(nurse, ava, "photo", "clinical");
        const res = await upload(nurse, `/api/patients/${ava}/photos?view=front`, await phoneJpeg());
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.equal(res.body.photo.consentScope, "clinical");
        // Orientation 6 is applied to the pixels: 1200x900 becomes 900x1200.
        assert.deepEqual([res.body.photo.width, res.body.photo.height], [900, 1200]);
        const [row] = await photoRows(ava);
        const stored = (await store.read(row.storage_key))!;
        assert.ok(stored, "the picture is in the photo store");
        if (s3) {
          assert.deepEqual(await filesUnder(photoDir), [], "nothing written to the directory when S3 is set");
          const counts = await s3.counts();
          assert.ok(counts.verified >= 2, "the uploads reached the bucket with verified signatures");
          assert.equal(counts.refused, 0);
        }
        const meta = await sharp(stored).metadata();
        assert.equal(meta.format, "jpeg");
        assert.equal(meta.exif, undefined, "no EXIF (camera, GPS)");
        assert.equal(meta.xmp, undefined);
        assert.equal(meta.iptc, undefined);
        assert.equal(meta.icc, undefined);
        assert.equal(meta.orientation, undefined);
        assert.ok(!stored.includes(Buffer.from("PhoneCo")), "no trace of the camera in the bytes");
        const thumb = await sharp((await store.read(row.thumb_key))!).metadata();
        assert.ok(Math.max(thumb.width ?? 0, thumb.height ?? 0) <= 320);
        assert.equal(thumb.exif, undefined);

        const image = await nurse.app.inject({
          url: `/api/photos/${row.id}/image?size=thumb`,
          headers: { cookie: [...nurse.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
        });
        assert.equal(image.statusCode, 200);
        assert.equal(image.headers["content-type"], "image/jpeg");
        assert.match(String(image.headers["cache-control"]), /no-store/);
        const audit = await database.admin.query(
          "select action from audit_log where resource_id = $1 order by id",
          [row.id],
        );
        assert.deepEqual(
          audit.rows.map((r) => r.action),
          ["photo.upload", "photo.view"],
        );
      });

      test("unsupported, oversized and absurd pictures are refused, naming the body, and nothing is stored", async () => {
        await signOnTablet(nurse, noah, "photo", "marketing");
        const gif = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#888" } })
          .gif()
          .toBuffer();
        const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"/>');
        const noise = await sharp(
          Buffer.from(Array.from({ length: 700 * 700 * 3 }, () => Math.floor(Math.random() * 256))),
          {
            raw: { width: 700, height: 700, channels: 3 },
          },
        )
          .png()
          .toBuffer();
        assert.ok(noise.length > MAX_BYTES);
        const flat = (w: number, h: number) =>
          sharp({ create: { width: w, height: h, channels: 3, background: "#777" } })
            .png()
            .toBuffer();
        const cases: [string, Buffer, string, number][] = [
          ["gif", gif, "image/gif", 415],
          ["svg", svg, "image/svg+xml", 415],
          ["pdf bytes", Buffer.from("%PDF-1.7\n1 0 obj<<>>endobj\n"), "image/jpeg", 415],
          ["oversized", noise, "image/png", 413],
          ["too small", await flat(150, 150), "image/png", 422],
          ["a strip", await flat(3000, 250), "image/png", 422],
          ["too many pixels", await flat(1600, 1600), "image/png", 422],
        ];
        for (const [name, bytes, type, status] of cases) {
          const res = await upload(nurse, `/api/patients/${noah}/photos?view=front`, bytes, type);
          assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
          assert.ok(res.body.fields?.body, `${name} names the body`);
        }
        const text = await upload(
          nurse,
          `/api/patients/${noah}/photos?view=front`,
          Buffer.from("hi"),
          "text/plain",
        );
        assert.equal(text.status, 415);
        const badView = await upload(nurse, `/api/patients/${noah}/photos?view=back`, await phoneJpeg());
        assert.equal(badView.status, 400);
        assert.ok(badView.body.fields["querystring.view"] ?? badView.body.fields["query.view"]);
        await assertNothingStored(noah);
      });

      test("each photo keeps its consent scope: marketing shows only photos released for it, and only while the consent allows", async () => {
        const noahPhoto = await upload(nurse, `/api/patients/${noah}/photos?view=left-45`, await phoneJpeg());
        assert.equal(noahPhoto.status, 201);
        assert.equal(noahPhoto.body.photo.consentScope, "marketing");
        const gallery = (await nurse.get("/api/photos/marketing")).body.photos.map(
          (p: { id: string }) => p.id,
        );
        assert.deepEqual(
          gallery,
          [noahPhoto.body.photo.id],
          "Ava's clinical-only photo is not in the gallery",
        );
        const [avaPhoto] = await photoRows(ava);
        const avaAsMarketing = await nurse.get(`/api/photos/${avaPhoto.id}/image?context=marketing`);
        assert.equal(avaAsMarketing.status, 404);
        const avaMarketingList = await nurse.get(`/api/patients/${ava}/photos?context=marketing`);
        assert.deepEqual(avaMarketingList.body.photos, []);

        // Noah narrows his consent to the clinical record: the photo leaves marketing, stays in the record.
        await signOnTablet(nurse, noah, "photo", "clinical");
        assert.deepEqual((await nurse.get("/api/photos/marketing")).body.photos, []);
        assert.equal(
          (await nurse.get(`/api/photos/${noahPhoto.body.photo.id}/image?context=marketing`)).status,
          404,
        );
        assert.equal((await nurse.get(`/api/photos/${noahPhoto.body.photo.id}/image`)).status, 200);
        const clinical = await nurse.get(`/api/patients/${noah}/photos`);
        assert.equal(clinical.body.photos.length, 1);
        assert.equal(clinical.body.currentScope, "clinical");
      });

      test("a patient sees only their own photos; front desk and other clinics see none", async () => {
        const patient = await signedIn(app, DEMO.patient);
        const own = await patient.get("/api/portal/photos");
        assert.equal(own.status, 200);
        assert.ok(own.body.photos.length >= 1);
        assert.ok(own.body.photos.every((p: { patientId: string }) => p.patientId === ava));
        const [noahPhoto] = await photoRows(noah);
        assert.equal((await patient.get(`/api/portal/photos/${noahPhoto.id}/image`)).status, 404);
        assert.equal(
          (await patient.get(`/api/portal/photos/${own.body.photos[0].id}/image?size=thumb`)).status,
          200,
        );
        assert.equal((await patient.get(`/api/patients/${noah}/photos`)).status, 403);
        assert.equal((await patient.get(`/api/photos/${noahPhoto.id}/image`)).status, 403);

        assert.equal((await desk.get(`/api/patients/${ava}/photos`)).status, 403);
        assert.equal(
          (await upload(desk, `/api/patients/${ava}/photos?view=front`, await phoneJpeg())).status,
          403,
        );

        const other = (
          await database.admin.query(
            "insert into clinics (slug, name, time_zone) values ('other', 'Other', 'Europe/London') returning id",
          )
        ).rows[0].id;
        const stranger = (
          await database.admin.query(
            "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, 'Sam', 'Else', '1990-01-01', 'female') returning id",
            [other],
          )
        ).rows[0].id;
        const res = await upload(nurse, `/api/patients/${stranger}/photos?view=front`, await phoneJpeg());
        assert.equal(res.status, 404);
        assert.equal((await nurse.get(`/api/patients/${stranger}/photos`)).status, 404);
        await assertNothingStored(stranger);
      });

      test("a photo taken in a session carries the session's date and can be compared by view", async () => {
        const charts = await database.admin.query("select id from session_charts where patient_id = $1", [
          ava,
        ]);
        assert.equal(charts.rows.length, 0);
        const wrong = await upload(
          nurse,
          `/api/patients/${ava}/photos?view=front&chartId=00000000-0000-4000-8000-000000000000`,
          await phoneJpeg(),
        );
        assert.equal(wrong.status, 400);
        assert.ok(wrong.body.fields["query.chartId"]);
        await upload(nurse, `/api/patients/${ava}/photos?view=front`, await phoneJpeg(1000, 800));
        const fronts = await nurse.get(`/api/patients/${ava}/photos?view=front`);
        assert.equal(fronts.status, 200);
        assert.equal(fronts.body.photos.length, 2);
        assert.ok(fronts.body.photos.every((p: { view: string }) => p.view === "front"));
      });
      test("a clinician removes a photo with a reason: its files leave the store, the image is gone, the record keeps a tombstone, and the removal is audited", async () => {
        const [first] = (await nurse.get(`/api/patients/${ava}/photos?view=front`)).body.photos;
        const [row] = (
          await database.admin.query("select storage_key, thumb_key from photos where id = $1", [first.id])
        ).rows;
        assert.ok(await store.read(row.storage_key));
        const patient = await signedIn(app, DEMO.patient);

        // Refusals change nothing.
        const noReason = await nurse.request("DELETE", `/api/photos/${first.id}`, { reason: "  " });
        assert.equal(noReason.status, 400);
        assert.ok(noReason.body.fields["body.reason"], JSON.stringify(noReason.body));
        assert.equal(
          (await desk.request("DELETE", `/api/photos/${first.id}`, { reason: "blurred" })).status,
          403,
        );
        assert.equal(
          (await patient.request("DELETE", `/api/photos/${first.id}`, { reason: "blurred" })).status,
          403,
        );
        assert.ok(await store.read(row.storage_key));
        assert.ok(await store.read(row.thumb_key));

        const res = await nurse.request("DELETE", `/api/photos/${first.id}`, {
          reason: "Another patient's face is in the frame",
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.filesDeleted, true);
        assert.equal(res.body.photo.removed.reason, "Another patient's face is in the frame");
        assert.equal(res.body.photo.removed.byName, "Hannah Lee RN");
        assert.equal(await store.read(row.storage_key), null, "the picture left the store");
        assert.equal(await store.read(row.thumb_key), null, "the thumbnail left the store");
        for (const size of ["full", "thumb"])
          assert.equal((await nurse.get(`/api/photos/${first.id}/image?size=${size}`)).status, 404);
        assert.equal((await patient.get(`/api/portal/photos/${first.id}/image`)).status, 404);

        // The record shows that a photo was removed, by whom and why; the patient's gallery does not list it.
        const staffList = (await nurse.get(`/api/patients/${ava}/photos`)).body.photos;
        const tombstone = staffList.find((p: { id: string }) => p.id === first.id);
        assert.equal(tombstone.removed.reason, "Another patient's face is in the frame");
        assert.ok(
          staffList.some((p: { removed: unknown }) => p.removed === null),
          "the other photos stay",
        );
        const own = (await patient.get("/api/portal/photos")).body.photos;
        assert.ok(!own.some((p: { id: string }) => p.id === first.id));
        assert.ok(own.length >= 1);

        const audit = await database.admin.query(
          "select actor_role, detail::text as detail from audit_log where resource_id = $1 and action = 'photo.remove'",
          [first.id],
        );
        assert.equal(audit.rows.length, 1);
        assert.equal(audit.rows[0].actor_role, "provider");
        assert.ok(
          !audit.rows[0].detail.includes("frame"),
          "the reason stays in the record, not the audit log",
        );

        const again = await nurse.request("DELETE", `/api/photos/${first.id}`, { reason: "once more" });
        assert.equal(again.status, 409);
        assert.equal(again.body.error, "photo_already_removed");
        const [kept] = (
          await database.admin.query("select removal_reason from photos where id = $1", [first.id])
        ).rows;
        assert.equal(
          kept.removal_reason,
          "Another patient's face is in the frame",
          "the first removal stands",
        );

        // The database holds the line whatever the code does: no row is deleted or rewritten by the app.
        const rights = await database.admin.query(
          `select has_table_privilege('remodel_app', 'photos', 'DELETE') as del,
                has_column_privilege('remodel_app', 'photos', 'storage_key', 'UPDATE') as rewrite`,
        );
        assert.deepEqual(rights.rows[0], { del: false, rewrite: false });
      });

      test("another clinic's photo cannot be removed (it is not found) and its files stay", async () => {
        const other = (await database.admin.query("select id from clinics where slug = 'other'")).rows[0].id;
        const source = (await photoRows(noah))[0];
        const id = "7d3c1b0e-1111-4c1d-9e2a-000000000001";
        const key = `${other}/elsewhere/${id}.jpg`;
        await store.put(key, Buffer.from("another clinic's picture"));
        // Foreign keys off for this one row: the photo only needs to exist in the other clinic.
        const admin = database.admin;
        await admin.query("begin");
        await admin.query("set local session_replication_role = replica");
        await admin.query(
          `insert into photos (id, clinic_id, patient_id, view, consent_scope, consent_id, storage_key, thumb_key,
           width, height, bytes, taken_on, created_by)
         values ($1, $2, $3, 'front', 'clinical', $4, $5, $5, 10, 10, 10, current_date, $6)`,
          [id, other, source.patient_id, source.consent_id, key, source.created_by],
        );
        await admin.query("commit");
        const res = await nurse.request("DELETE", `/api/photos/${id}`, { reason: "not ours" });
        assert.equal(res.status, 404);
        const [row] = (await admin.query("select removed_at from photos where id = $1", [id])).rows;
        assert.equal(row.removed_at, null);
        assert.deepEqual(await store.read(key), Buffer.from("another clinic's picture"));
        assert.equal(
          (
            await nurse.request("DELETE", "/api/photos/00000000-0000-4000-8000-000000000000", {
              reason: "none",
            })
          ).status,
          404,
        );
      });
    });
  }
