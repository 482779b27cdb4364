/**
 * The two photo stores behind one interface: the directory and an S3-compatible bucket (a real
 * S3 API server on this machine whose front checks every SigV4 signature, see test/support/s3.ts),
 * and the start-up checks of the S3 settings.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ConfigError, loadConfig } from "../../src/server/config.ts";
import { DirectoryPhotoStorage } from "../../src/server/storage/directory-storage.ts";
import type { PhotoStorage } from "../../src/server/storage/photo-storage.ts";
import { S3PhotoStorage, S3StorageError } from "../../src/server/storage/s3-storage.ts";
import { photoStorageFor } from "../../src/server/storage/storage-from-config.ts";
import { startTestS3, type TestS3 } from "../support/s3.ts";

const collect = async (it: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out.sort();
};

describe("photo storage settings", () => {
  const full = {
    PHOTO_S3_ENDPOINT: "https://s3.eu-west-2.amazonaws.com",
    PHOTO_S3_BUCKET: "clinic-photos",
    PHOTO_S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
    PHOTO_S3_SECRET_ACCESS_KEY: "very-secret-value",
  };

  test("without S3 settings photos go to the directory; with all of them to the bucket", () => {
    assert.equal(loadConfig({}, "/srv/r").photoS3, undefined);
    assert.match(photoStorageFor(loadConfig({}, "/srv/r")).describe, /^directory \/srv\/r\/data\/photos$/);
    const c = loadConfig({ ...full, PHOTO_S3_REGION: "eu-west-2" });
    assert.deepEqual(c.photoS3, {
      endpoint: "https://s3.eu-west-2.amazonaws.com",
      bucket: "clinic-photos",
      region: "eu-west-2",
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "very-secret-value",
      forcePathStyle: false,
    });
    const store = photoStorageFor(c);
    assert.ok(store instanceof S3PhotoStorage);
    assert.equal(
      store.describe,
      "S3 bucket clinic-photos at s3.eu-west-2.amazonaws.com (virtual-host style)",
    );
    assert.equal(
      loadConfig(full).photoS3?.region,
      "us-east-1",
      "the region S3-compatible stores expect by default",
    );
  });

  test("a partial set stops the start, naming the first missing setting", () => {
    for (const missing of Object.keys(full)) {
      const env = { ...full, [missing]: undefined };
      assert.throws(
        () => loadConfig(env),
        (e: Error) => e instanceof ConfigError && e.message.includes(`${missing}:`),
      );
    }
    assert.throws(
      () => loadConfig({ PHOTO_S3_REGION: "eu-west-2" }),
      /PHOTO_S3_ENDPOINT: required when PHOTO_S3_REGION is set/,
    );
    assert.throws(() => loadConfig({ PHOTO_S3_FORCE_PATH_STYLE: "1" }), /PHOTO_S3_ENDPOINT/);
  });

  test("bad values are named, plain http is refused off this machine, and the secret is never echoed", () => {
    assert.throws(() => loadConfig({ ...full, PHOTO_S3_ENDPOINT: "ftp://x" }), /PHOTO_S3_ENDPOINT/);
    assert.throws(
      () => loadConfig({ ...full, PHOTO_S3_ENDPOINT: "http://minio.internal:9000" }),
      /PHOTO_S3_ENDPOINT: must be https/,
    );
    assert.ok(loadConfig({ ...full, PHOTO_S3_ENDPOINT: "http://127.0.0.1:9000" }).photoS3);
    assert.throws(() => loadConfig({ ...full, PHOTO_S3_BUCKET: "Bad_Bucket" }), /PHOTO_S3_BUCKET/);
    assert.throws(
      () => loadConfig({ ...full, PHOTO_S3_FORCE_PATH_STYLE: "maybe" }),
      /PHOTO_S3_FORCE_PATH_STYLE/,
    );
    const secret = "x".repeat(600);
    assert.throws(
      () => loadConfig({ ...full, PHOTO_S3_SECRET_ACCESS_KEY: secret }),
      (e: Error) => /PHOTO_S3_SECRET_ACCESS_KEY/.test(e.message) && !e.message.includes("xxxx"),
    );
  });
});

describe("photo stores", () => {
  let s3: TestS3;
  let dir: string;
  const stores: [string, () => PhotoStorage][] = [];
  before(async () => {
    s3 = await startTestS3();
    dir = await mkdtemp(path.join(tmpdir(), "remodel-store-"));
    stores.push(["directory", () => new DirectoryPhotoStorage(dir)]);
    stores.push(["S3", () => photoStorageFor(loadConfig(s3.env))]);
  });
  after(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("each store writes, reads, lists and deletes by key; a missing key reads as null", async () => {
    for (const [name, make] of stores) {
      const store = make();
      const a = Buffer.from([0xff, 0xd8, 1, 2, 3]);
      const b = Buffer.alloc(200_000, 7);
      await store.put("clinic-1/patient-1/p1.jpg", a);
      await store.put("clinic-1/patient-1/p1.thumb.jpg", b);
      assert.deepEqual(await store.get("clinic-1/patient-1/p1.jpg"), a, name);
      assert.deepEqual(await store.get("clinic-1/patient-1/p1.thumb.jpg"), b, name);
      assert.equal(await store.get("clinic-1/patient-1/none.jpg"), null, name);
      assert.deepEqual(await collect(store.list()), [
        "clinic-1/patient-1/p1.jpg",
        "clinic-1/patient-1/p1.thumb.jpg",
      ]);
      await store.delete("clinic-1/patient-1/p1.jpg");
      await store.delete("clinic-1/patient-1/p1.jpg");
      assert.equal(await store.get("clinic-1/patient-1/p1.jpg"), null, name);
      await store.delete("clinic-1/patient-1/p1.thumb.jpg");
      assert.deepEqual(await collect(store.list()), [], name);
      await assert.rejects(store.put("../escape.jpg", a), /invalid photo storage key/);
    }
    const counts = await s3.counts();
    assert.ok(counts.verified >= 9, "the S3 store's requests were signed and verified");
    assert.equal(counts.refused, 0);
  });

  test("the directory store lists no half-written file", async () => {
    await writeFile(path.join(dir, "x.jpg.123.part"), "half");
    assert.deepEqual(await collect(new DirectoryPhotoStorage(dir).list()), []);
    assert.ok((await readdir(dir)).includes("x.jpg.123.part"));
  });

  test("S3 lists past one page of keys", async () => {
    const store = photoStorageFor(loadConfig(s3.env));
    const keys = Array.from({ length: 1001 }, (_, i) => `c/p/${String(i).padStart(4, "0")}.jpg`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, Buffer.from(k))));
    assert.deepEqual(await collect(store.list()), keys);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((k) => store.delete(k)));
    assert.deepEqual(await s3.keys(), []);
  });

  test("a wrong secret is refused by the server's signature check, and nothing is stored", async () => {
    const refusedBefore = (await s3.counts()).refused;
    const wrong = photoStorageFor(loadConfig({ ...s3.env, PHOTO_S3_SECRET_ACCESS_KEY: "not-the-secret" }));
    await assert.rejects(
      wrong.put("c/p/wrong.jpg", Buffer.from("x")),
      (e: Error) => e instanceof S3StorageError && e.status === 403 && e.s3Code === "SignatureDoesNotMatch",
    );
    await assert.rejects(wrong.get("c/p/wrong.jpg"), /SignatureDoesNotMatch/);
    const otherRegion = photoStorageFor(loadConfig({ ...s3.env, PHOTO_S3_REGION: "us-east-1" }));
    await assert.rejects(otherRegion.put("c/p/wrong.jpg", Buffer.from("x")), /SignatureDoesNotMatch/);
    assert.equal((await s3.counts()).refused, refusedBefore + 3);
    assert.deepEqual(await s3.keys(), []);
  });

  test("the error of an unreachable store names the operation, never the key or the secret", async () => {
    const gone = photoStorageFor(loadConfig({ ...s3.env, PHOTO_S3_ENDPOINT: "http://127.0.0.1:9" }));
    await assert.rejects(gone.put("c/patient-secret-id/x.jpg", Buffer.from("x")), (e: Error) => {
      assert.match(e.message, /^photo storage \(S3\) PUT failed/);
      assert.ok(!e.message.includes("patient-secret-id") && !e.message.includes(s3.secretAccessKey));
      return true;
    });
  });
});
