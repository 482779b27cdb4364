/**
 * Photos as objects in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph RGW, R2, ...), chosen
 * by the PHOTO_S3_* settings. Requests are signed with AWS Signature Version 4 by `aws4fetch`
 * (one small file, no dependencies) and sent with Node's own fetch; the few S3 calls a photo
 * store needs (PUT, GET, DELETE, ListObjectsV2) are plain HTTP, so the full AWS SDK is not needed.
 *
 * Every upload signs its payload (x-amz-content-sha256 is the SHA-256 of the bytes, not
 * UNSIGNED-PAYLOAD): the store refuses a body changed in transit. Objects are written whole in
 * one PUT, so a reader never sees half a picture.
 */
import { createHash } from "node:crypto";
import { AwsClient } from "aws4fetch";
import type { PhotoS3Config } from "../config.ts";
import { assertStorageKey, type PhotoStorage, PhotoStoreError } from "./photo-storage.ts";

/**
 * A request to the bucket failed (status 0: no answer). The message names the operation and S3's
 * error code, never a key or the secret.
 */
export class S3StorageError extends PhotoStoreError {
  readonly status: number;
  readonly s3Code: string | null;
  constructor(operation: string, status: number, s3Code: string | null, reason?: string) {
    super(
      `photo storage (S3) ${operation} failed: ${
        status === 0 ? (reason ?? "no answer") : `HTTP ${status}${s3Code ? ` ${s3Code}` : ""}`
      }`,
    );
    this.status = status;
    this.s3Code = s3Code;
  }
}

const TIMEOUT_MS = 30_000;

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function xmlText(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e[0] === "#"
      ? String.fromCodePoint(
          e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (XML_ENTITIES[e.toLowerCase()] ?? ""),
  );
}
function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => xmlText(m[1]!));
}

export class S3PhotoStorage implements PhotoStorage {
  readonly #client: AwsClient;
  readonly #base: URL;
  readonly #describe: string;

  constructor(config: PhotoS3Config) {
    this.#client = new AwsClient({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      service: "s3",
      region: config.region,
      // A 5xx or 429 is retried twice with a short backoff; anything else is an answer.
      retries: 2,
      initRetryMs: 100,
    });
    const endpoint = new URL(config.endpoint);
    const prefix = endpoint.pathname.replace(/\/+$/, "");
    this.#base = config.forcePathStyle
      ? new URL(`${endpoint.protocol}//${endpoint.host}${prefix}/${config.bucket}/`)
      : new URL(`${endpoint.protocol}//${config.bucket}.${endpoint.host}${prefix}/`);
    this.#describe = `S3 bucket ${config.bucket} at ${endpoint.host}${prefix} (${config.forcePathStyle ? "path" : "virtual-host"} style)`;
  }

  get describe(): string {
    return this.#describe;
  }

  #url(key: string): URL {
    assertStorageKey(key);
    // Keys hold only [A-Za-z0-9._-/], so they need no escaping in a path.
    return new URL(key, this.#base);
  }

  async #send(operation: string, url: URL, init: RequestInit & { headers?: Record<string, string> }) {
    let response: Response;
    try {
      response = await this.#client.fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new S3StorageError(operation, 0, null, (error as Error).message);
    }
    return response;
  }

  static async #fail(operation: string, response: Response): Promise<never> {
    const body = await response.text().catch(() => "");
    throw new S3StorageError(operation, response.status, xmlValues(body, "Code")[0] ?? null);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const response = await this.#send("PUT", this.#url(key), {
      method: "PUT",
      headers: {
        "content-type": "image/jpeg",
        "x-amz-content-sha256": createHash("sha256").update(bytes).digest("hex"),
      },
      body: new Uint8Array(bytes),
    });
    if (!response.ok) await S3PhotoStorage.#fail("PUT", response);
    await response.arrayBuffer();
  }

  async get(key: string): Promise<Buffer | null> {
    const response = await this.#send("GET", this.#url(key), { method: "GET" });
    if (response.status === 404) {
      await response.arrayBuffer();
      return null;
    }
    if (!response.ok) await S3PhotoStorage.#fail("GET", response);
    return Buffer.from(await response.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const response = await this.#send("DELETE", this.#url(key), { method: "DELETE" });
    // S3 answers 204 whether or not the key existed; some compatible stores answer 404.
    if (!response.ok && response.status !== 404) await S3PhotoStorage.#fail("DELETE", response);
    await response.arrayBuffer();
  }

  /** ListObjectsV2, a page (up to 1000 keys) at a time. */
  async *list(): AsyncIterable<string> {
    let token: string | null = null;
    do {
      const url = new URL(this.#base);
      url.searchParams.set("list-type", "2");
      url.searchParams.set("max-keys", "1000");
      if (token) url.searchParams.set("continuation-token", token);
      const response = await this.#send("LIST", url, { method: "GET" });
      if (!response.ok) await S3PhotoStorage.#fail("LIST", response);
      const xml = await response.text();
      yield* xmlValues(xml, "Key");
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
        ? (xmlValues(xml, "NextContinuationToken")[0] ?? null)
        : null;
    } while (token);
  }
}
