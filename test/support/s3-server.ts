/**
 * A real S3-compatible server for the photo-storage tests, run as its own process by
 * test/support/s3.ts: `s3rver` (the S3 API over a directory, from npm) behind a small front that
 * checks every request's AWS Signature Version 4 the way S3 does.
 *
 * Why the front: s3rver parses a V4 Authorization header but does not verify the signature (its
 * source says so; it checks only that the access key exists). The front recomputes the signature
 * with `@smithy/signature-v4`, the signer of the official AWS SDK, from the request as it
 * arrived, and refuses a mismatch (403 SignatureDoesNotMatch), an unknown key, another region, a
 * stale date and a body whose SHA-256 differs from x-amz-content-sha256, as S3 does. Verified
 * requests go on to s3rver without the Authorization header (s3rver serves unsigned requests).
 *
 * Run with --openssl-legacy-provider: s3rver's ListObjectsV2 continuation tokens use DES, which
 * OpenSSL 3 only offers through its legacy provider.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";
import S3rver from "s3rver";

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (d: SourceData) =>
  typeof d === "string"
    ? Buffer.from(d)
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

class NodeSha256 {
  #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.#hash = secret ? createHmac("sha256", bytesOf(secret)) : createHash("sha256");
  }
  update(data: SourceData): void {
    this.#hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {}
}

function s3Error(res: http.ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

async function main() {
  const bucket = process.env.S3_TEST_BUCKET ?? "remodel-photos";
  const accessKeyId = process.env.S3_TEST_ACCESS_KEY_ID ?? "remodel-test";
  const secretAccessKey = process.env.S3_TEST_SECRET_ACCESS_KEY ?? randomBytes(24).toString("base64url");
  const region = process.env.S3_TEST_REGION ?? "eu-west-2";
  const directory = await mkdtemp(path.join(tmpdir(), "remodel-s3-"));
  const s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const inner = (await s3rver.run()) as AddressInfo;
  const counts = { verified: 0, refused: 0 };

  async function verify(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<boolean> {
    const match = AUTH.exec(String(req.headers.authorization ?? ""));
    if (!match) {
      s3Error(res, 403, "AccessDenied", "a signed request is required");
      return false;
    }
    const [, keyId, day, signedRegion, signedHeaders, signature] = match;
    if (keyId !== accessKeyId) {
      s3Error(res, 403, "InvalidAccessKeyId", "unknown access key");
      return false;
    }
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const when = Date.parse(
      amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"),
    );
    if (!Number.isFinite(when) || Math.abs(Date.now() - when) > 15 * 60_000 || !amzDate.startsWith(day!)) {
      s3Error(res, 403, "RequestTimeTooSkewed", "the request time differs too much from the server's");
      return false;
    }
    const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
    if (
      payloadHash !== "UNSIGNED-PAYLOAD" &&
      payloadHash !== createHash("sha256").update(body).digest("hex")
    ) {
      s3Error(res, 400, "XAmzContentSHA256Mismatch", "the body does not match x-amz-content-sha256");
      return false;
    }
    const url = new URL(req.url ?? "/", "http://placeholder");
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prior = query[k];
      query[k] = prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v];
    }
    const headers: Record<string, string> = {};
    for (const name of signedHeaders!.split(";")) {
      const value = req.headers[name];
      headers[name] = Array.isArray(value) ? value.join(",") : String(value ?? "");
    }
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey },
      region: signedRegion!,
      service: "s3",
      sha256: NodeSha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: req.method ?? "GET",
        protocol: "http:",
        hostname: "127.0.0.1",
        path: url.pathname,
        query,
        headers,
        body,
      },
      { signingDate: new Date(when), signingRegion: signedRegion! },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? "";
    if (
      signedRegion !== region ||
      expected.length !== 64 ||
      !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))
    ) {
      s3Error(res, 403, "SignatureDoesNotMatch", "the request signature does not match");
      return false;
    }
    return true;
  }

  const front = http.createServer((req, res) => {
    // Not S3: how many requests the front verified and refused, for the tests' assertions.
    if (req.url === "/__test/counts") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(counts));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      verify(req, body, res)
        .then((ok) => {
          if (!ok) {
            counts.refused++;
            return;
          }
          counts.verified++;
          const { authorization: _a, ...headers } = req.headers;
          const forward = http.request(
            {
              host: "127.0.0.1",
              port: inner.port,
              method: req.method,
              path: req.url,
              headers: { ...headers, "content-length": String(body.length) },
            },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          forward.on("error", () => s3Error(res, 502, "BadGateway", "s3rver did not answer"));
          forward.end(body);
        })
        .catch((error: Error) => s3Error(res, 500, "InternalError", error.message));
    });
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  process.stdout.write(
    `${JSON.stringify({ front: (front.address() as AddressInfo).port, inner: inner.port })}\n`,
  );
  const stop = () => {
    front.closeAllConnections();
    front.close();
    s3rver
      .close()
      .finally(() => rm(directory, { recursive: true, force: true }).finally(() => process.exit(0)));
  };
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
}

await main();
