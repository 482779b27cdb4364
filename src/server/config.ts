/**
 * The only reader of the environment. Parsed and validated once at boot: a wrong setting stops
 * the start with its name and what was expected.
 */
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === "[::1]";
}

/** One TRUST_PROXY entry: an address, a CIDR range, or one of proxy-addr's names for ranges. */
function isProxyEntry(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-For to believe: none (default), the nearest N hops, or the listed
 * addresses/ranges. The client address is then the right-most one no trusted proxy added.
 */
export type TrustProxy = false | number | string[];

const S3_REQUIRED = [
  "PHOTO_S3_ENDPOINT",
  "PHOTO_S3_BUCKET",
  "PHOTO_S3_ACCESS_KEY_ID",
  "PHOTO_S3_SECRET_ACCESS_KEY",
] as const;

/** An S3-compatible bucket for photos (the secret is here only to sign requests; never logged). */
export interface PhotoS3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key` (MinIO, Garage, Ceph and most self-hosted stores). */
  forcePathStyle: boolean;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (v) =>
        /^\d{1,2}$/.test(v) ||
        v
          .split(",")
          .map((x) => x.trim())
          .every(isProxyEntry),
      "must be a hop count (0-99) or a comma list of proxy addresses or CIDR ranges (10.0.0.0/8, loopback)",
    )
    .optional(),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL")
    .optional(),
  REMODEL_DATA_DIR: z.string().min(1).default("data"),
  REMODEL_DEMO: bool.default(true),
  PUBLIC_URL: z.url().optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  SESSION_ROTATE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(3).max(100).default(10),
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  RECORD_RETENTION_YEARS: z.coerce.number().int().min(0).max(100).default(10),
  REMODEL_PHOTO_DIR: z.string().min(1).optional(),
  // Clinical photos: the largest upload accepted, and the largest picture (a decompression bomb
  // is refused from its header, before any pixel is decoded).
  PHOTO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(100_000)
    .max(200 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  PHOTO_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(200_000_000).default(50_000_000),
  // Photos in an S3-compatible bucket instead of the directory: all four of endpoint, bucket and
  // keys, or none (checked below, so a half-set store is named at start-up, not at first upload).
  PHOTO_S3_ENDPOINT: z
    .string()
    .refine((v) => URL.canParse(v) && /^https?:\/\//.test(v), "must be an http:// or https:// URL")
    .refine((v) => !URL.canParse(v) || !new URL(v).search, "must not carry a query string")
    .refine(
      (v) => !URL.canParse(v) || v.startsWith("https://") || isLoopback(new URL(v).hostname),
      "must be https:// (patient photos never travel unencrypted), except on this machine",
    )
    .optional(),
  PHOTO_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 of a-z 0-9 . -)")
    .optional(),
  PHOTO_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "must be a region name such as eu-west-2")
    .optional(),
  PHOTO_S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
  PHOTO_S3_SECRET_ACCESS_KEY: z.string().min(1).max(512).optional(),
  PHOTO_S3_FORCE_PATH_STYLE: bool.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("warn"),
  // Webhook deliveries: how often the dispatcher looks for due ones (0 = not in this process), and
  // whether endpoints on loopback/private addresses are allowed (off: an endpoint could reach
  // internal services).
  WEBHOOK_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.default(false),
  // Public booking without an account: holds, confirmations and set-ups per client address a minute.
  BOOKING_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  // Patient messages: without SMTP_URL they stay in the outbox for staff to read.
  SMTP_URL: z
    .string()
    .refine((v) => URL.canParse(v) && /^smtps?:\/\//.test(v), "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z
    .string()
    .max(200)
    .refine(
      (v) => /^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(v.trim()),
      "must be an address or Name <address>",
    )
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Proxies whose X-Forwarded-For is believed; false: the socket's peer is the client. */
  trustProxy: TrustProxy;
  /** Set when an external PostgreSQL is used; otherwise the embedded server runs. */
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  publicUrl: string;
  secureCookies: boolean;
  session: { idleMinutes: number; maxHours: number; rotateMinutes: number };
  loginRateLimitPerMinute: number;
  /** Failed sign-in attempts (password or second factor) in a row that lock an account. */
  lockout: { threshold: number; minutes: number };
  /** Years a clinical record is kept after the last treatment before it may be erased. */
  recordRetentionYears: number;
  /** Directory of clinical photos (default `<data dir>/photos`), included in backups. */
  photoDir: string;
  /** When set, photos live in this S3-compatible bucket instead of photoDir. */
  photoS3: PhotoS3Config | undefined;
  photos: { maxBytes: number; maxPixels: number };
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  webhooks: { pollMs: number; allowPrivateUrls: boolean };
  bookingRateLimitPerMinute: number;
  /** Outgoing e-mail to patients; smtpUrl unset = messages are kept for staff in the outbox. */
  mail: { smtpUrl: string | undefined; from: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new ConfigError(
      `invalid configuration: ${name}: ${issue?.message ?? "invalid"} (got ${
        /SECRET/.test(name) ? "a value, not shown" : JSON.stringify(env[name])
      })`,
    );
  }
  const e = parsed.data;
  const s3Set = S3_REQUIRED.filter((name) => e[name] !== undefined);
  const s3Extras = (["PHOTO_S3_REGION", "PHOTO_S3_FORCE_PATH_STYLE"] as const).filter(
    (n) => e[n] !== undefined,
  );
  if ((s3Set.length > 0 || s3Extras.length > 0) && s3Set.length < S3_REQUIRED.length) {
    const missing = S3_REQUIRED.filter((name) => e[name] === undefined);
    throw new ConfigError(
      `invalid configuration: ${missing[0]}: required when ${[...s3Set, ...s3Extras].join(", ")} ${
        s3Set.length + s3Extras.length === 1 ? "is" : "are"
      } set (photos in S3 need ${S3_REQUIRED.join(", ")}; missing: ${missing.join(", ")})`,
    );
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.REMODEL_DATA_DIR),
    demo: e.REMODEL_DEMO,
    publicUrl,
    secureCookies: publicUrl.startsWith("https://"),
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      maxHours: e.SESSION_MAX_HOURS,
      rotateMinutes: e.SESSION_ROTATE_MINUTES,
    },
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    lockout: { threshold: e.LOGIN_LOCKOUT_THRESHOLD, minutes: e.LOGIN_LOCKOUT_MINUTES },
    recordRetentionYears: e.RECORD_RETENTION_YEARS,
    photoDir: e.REMODEL_PHOTO_DIR
      ? path.resolve(cwd, e.REMODEL_PHOTO_DIR)
      : path.join(path.resolve(cwd, e.REMODEL_DATA_DIR), "photos"),
    photoS3:
      s3Set.length === S3_REQUIRED.length
        ? {
            endpoint: e.PHOTO_S3_ENDPOINT!.replace(/\/+$/, ""),
            bucket: e.PHOTO_S3_BUCKET!,
            region: e.PHOTO_S3_REGION ?? "us-east-1",
            accessKeyId: e.PHOTO_S3_ACCESS_KEY_ID!,
            secretAccessKey: e.PHOTO_S3_SECRET_ACCESS_KEY!,
            forcePathStyle: e.PHOTO_S3_FORCE_PATH_STYLE ?? false,
          }
        : undefined,
    photos: { maxBytes: e.PHOTO_MAX_BYTES, maxPixels: e.PHOTO_MAX_PIXELS },
    logLevel: e.LOG_LEVEL,
    webhooks: { pollMs: e.WEBHOOK_POLL_MS, allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS },
    bookingRateLimitPerMinute: e.BOOKING_RATE_LIMIT_PER_MINUTE,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM?.trim() ?? `Remodel <no-reply@${new URL(publicUrl).hostname}>`,
    },
  };
}

function trustProxyOf(value: string | undefined): TrustProxy {
  if (value === undefined) return false;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  return value.split(",").map((x) => x.trim());
}
