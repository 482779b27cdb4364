/**
 * `remodel backup` and `remodel restore` with photos in an S3-compatible bucket: the backup reads
 * every object from the bucket (signed requests, verified by the test server) into the backup
 * file, and the restore writes them into whichever store the restoring Remodel is configured
 * with, another bucket or the directory, byte for byte; the restored clinic serves them.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import sharp from "sharp";
import { createPool } from "../../src/db/pool.ts";
import { buildTestApp, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestS3, type TestS3 } from "../support/s3.ts";
import { patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

const remodel = path.resolve(import.meta.dirname, "../../bin/remodel");
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const r = await run(remodel, args, { env: { ...process.env, REMODEL_DEMO: "0", ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const [target] = await databaseTargets();

describe(`backup and restore with photos in S3 (${target!.name} PostgreSQL)`, () => {
  let source: TestDatabase;
  let dir: string;
  let bucketA: TestS3;
  let bucketB: TestS3;
  const photoIds: string[] = [];
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "remodel-s3-backup-"));
    [bucketA, bucketB] = await Promise.all([startTestS3(), startTestS3("restored-photos")]);
    source = await freshDatabase(target!);
    const app = await seededApp(source, bucketA.env);
    try {
      const nurse = await signedIn(app, DEMO.nurse);
      const ava = await patientIdOf(nurse, "Martin");
      await signOnTablet(nurse, ava, "photo", "clinical");
      const picture = await sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 180, g: 120, b: 110 } },
      })
        .jpeg()
        .toBuffer();
      for (const view of ["front", "left-45"]) {
        const res = await nurse.app.inject({
          method: "POST",
          url: `/api/patients/${ava}/photos?view=${view}`,
          headers: {
            cookie: [...nurse.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
            "x-csrf-token": nurse.csrf ?? (await nurse.get("/api/auth/csrf")).body.csrfToken,
            "content-type": "image/jpeg",
          },
          payload: picture,
        });
        assert.equal(res.statusCode, 201, res.body);
        photoIds.push(res.json().photo.id);
      }
    } finally {
      await app.close();
    }
  });
  after(async () => {
    await source.drop();
    await Promise.all([bucketA.close(), bucketB.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  test("the backup carries every object of the bucket, and a restore puts them in another bucket byte for byte", async () => {
    const original = await bucketA.keys();
    assert.equal(original.length, 4, "two pictures and two thumbnails");
    const file = path.join(dir, "s3.backup");
    const backup = await cli(["backup", file], { DATABASE_URL: source.adminUrl, ...bucketA.env });
    assert.equal(backup.code, 0, backup.out);
    assert.match(backup.out, /and 4 photos/);

    const restored = await freshDatabase(target!);
    try {
      await restored.admin.query("drop schema public cascade; create schema public");
      await restored.admin.query("grant usage on schema public to remodel_app");
      const back = await cli(["restore", file], { DATABASE_URL: restored.adminUrl, ...bucketB.env });
      assert.equal(back.code, 0, back.out);
      assert.match(back.out, /and 4 photos/);
      assert.deepEqual(await bucketB.keys(), original);
      for (const key of original) assert.deepEqual(await bucketB.object(key), await bucketA.object(key), key);
      assert.equal((await bucketB.counts()).refused, 0);

      // The restored clinic serves its photos from the new bucket. (The restore brought back the
      // nurse's last accepted authenticator step; forget it so that a sign-in within the same
      // 30 seconds is not taken for a replay.)
      await restored.admin.query("update users set totp_last_step = null where email = $1", [DEMO.nurse]);
      const db = createPool(restored.adminUrl, 2);
      const app = await buildTestApp({ ...restored, db }, bucketB.env);
      try {
        const nurse = await signedIn(app, DEMO.nurse);
        const image = await nurse.get(`/api/photos/${photoIds[0]}/image?size=thumb`);
        assert.equal(image.status, 200);
      } finally {
        await app.close();
        await db.end();
      }
    } finally {
      await restored.drop();
    }
  });

  test("a restore into a Remodel without S3 settings moves the photos into its directory", async () => {
    const file = path.join(dir, "s3.backup");
    const restored = await freshDatabase(target!);
    try {
      await restored.admin.query("drop schema public cascade; create schema public");
      await restored.admin.query("grant usage on schema public to remodel_app");
      const photoDir = path.join(dir, "restored-photos");
      const back = await cli(["restore", file], {
        DATABASE_URL: restored.adminUrl,
        REMODEL_PHOTO_DIR: photoDir,
      });
      assert.equal(back.code, 0, back.out);
      for (const key of await bucketA.keys())
        assert.deepEqual(await readFile(path.join(photoDir, key)), await bucketA.object(key), key);
    } finally {
      await restored.drop();
    }
  });

  test("an unreachable bucket stops the backup with a clear message and exit code 2", async () => {
    const res = await cli(["backup", path.join(dir, "never.backup")], {
      DATABASE_URL: source.adminUrl,
      ...bucketA.env,
      PHOTO_S3_SECRET_ACCESS_KEY: "wrong-secret",
    });
    assert.equal(res.code, 2, res.out);
    assert.match(
      res.out,
      /photo store \(S3 bucket remodel-photos .*\) could not be listed: .*SignatureDoesNotMatch/,
    );
    assert.ok(!res.out.includes("wrong-secret"));
    await assert.rejects(
      readFile(path.join(dir, "never.backup")),
      { code: "ENOENT" },
      "no half-written backup is left",
    );
  });
});
