/**
 * Starts the test S3 server (test/support/s3-server.ts: s3rver behind a SigV4-verifying front)
 * as a child process on 127.0.0.1 and hands back the PHOTO_S3_* settings that point Remodel at it.
 * The child ends when the test process closes it or exits (its stdin closes).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import readline from "node:readline";

export interface TestS3 {
  /** The settings a Remodel server needs to store photos in the test bucket. */
  env: Record<string, string>;
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Requests whose signature the front checked and accepted, and those it refused. */
  counts(): Promise<{ verified: number; refused: number }>;
  /** The keys in the bucket right now (straight from s3rver, unsigned), sorted. */
  keys(): Promise<string[]>;
  /** One object's bytes straight from s3rver, or null. */
  object(key: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

const SERVER = path.join(import.meta.dirname, "s3-server.ts");

export async function startTestS3(bucket = "remodel-photos"): Promise<TestS3> {
  const accessKeyId = "remodel-test";
  const secretAccessKey = randomBytes(24).toString("base64url");
  const region = "eu-west-2";
  const child: ChildProcess = spawn(process.execPath, ["--openssl-legacy-provider", SERVER], {
    env: {
      ...process.env,
      S3_TEST_BUCKET: bucket,
      S3_TEST_ACCESS_KEY_ID: accessKeyId,
      S3_TEST_SECRET_ACCESS_KEY: secretAccessKey,
      S3_TEST_REGION: region,
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const ports = await new Promise<{ front: number; inner: number }>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`the test S3 server exited (${code})`)));
  });
  const endpoint = `http://127.0.0.1:${ports.front}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    env: {
      PHOTO_S3_ENDPOINT: endpoint,
      PHOTO_S3_BUCKET: bucket,
      PHOTO_S3_REGION: region,
      PHOTO_S3_ACCESS_KEY_ID: accessKeyId,
      PHOTO_S3_SECRET_ACCESS_KEY: secretAccessKey,
      PHOTO_S3_FORCE_PATH_STYLE: "true",
    },
    endpoint,
    bucket,
    accessKeyId,
    secretAccessKey,
    async counts() {
      return (await fetch(`${endpoint}/__test/counts`)).json() as Promise<{
        verified: number;
        refused: number;
      }>;
    },
    async keys() {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({
          "list-type": "2",
          ...(token ? { "continuation-token": token } : {}),
        });
        const xml = await (await fetch(`http://127.0.0.1:${ports.inner}/${bucket}?${query}`)).text();
        out.push(...[...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!));
        token = /<NextContinuationToken>([^<]*)</.exec(xml)?.[1];
      } while (token);
      return out.sort();
    },
    async object(key: string) {
      const res = await fetch(`http://127.0.0.1:${ports.inner}/${bucket}/${key}`);
      return res.status === 404 ? null : Buffer.from(await res.arrayBuffer());
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}
