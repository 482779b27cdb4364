/**
 * Webhook endpoints (owner-managed) and their delivery log. Events themselves are queued by
 * database triggers (051_webhooks.sql) in the transaction of the change; WebhookDispatcher sends them.
 *
 * Endpoints may not reach this server's networks (unless WEBHOOK_ALLOW_PRIVATE_URLS): a literal
 * address is checked as written, a host name is resolved at registration and again at every
 * delivery, and each request connects to exactly the address that was checked (the lookup of the
 * request is the check), so a name that later resolves elsewhere (DNS rebinding) gains nothing.
 */
import { createHmac, randomBytes } from "node:crypto";
import { promises as dns, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import type { WebhookDelivery } from "../../contract/webhooks.ts";
import type { Db } from "../../db/pool.ts";
import { withClinic } from "../../db/pool.ts";
import {
  claimDueDeliveries,
  deleteWebhookEndpoint,
  getPendingDelivery,
  insertWebhookAttempt,
  insertWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  updateWebhookDelivery,
  type WebhookEndpointRow,
  webhookEndpointExists,
} from "../../db/repositories/webhook.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { presentWebhookDelivery } from "../presenters/webhooks.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

export type WebhookEndpoint = WebhookEndpointRow;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver checks both and the age of t. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** Resolves a host name to all its addresses (the system resolver unless a test gives one). */
export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: HostLookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b:1::", 48], // local-use NAT64
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  PRIVATE.addSubnet(net, bits, "ipv6");

/** Whether an address is loopback, private, link-local or otherwise not on the public internet. */
export function privateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, "ipv4");
  if (family === 6) return PRIVATE.check(address, "ipv6") || mappedV4(address);
  return true;
}

/**
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d, or its hex form): refused whatever the IPv4 address,
 * as no public endpoint needs one. (BlockList matches IPv4 addresses against such a subnet too, so
 * it is recognised here instead.)
 */
function mappedV4(address: string): boolean {
  try {
    const normal = new URL(`http://[${address}]`).hostname;
    return /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/i.test(normal);
  } catch {
    return true; // not an address a URL can hold (a zone id): refused
  }
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

/** Why a URL may not receive webhooks, or null when it may (as written; names are not resolved). */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.username || url.password) return "must not carry a user name or password";
  if (allowPrivate) return null;
  if (url.protocol !== "https:") return "must be https";
  const host = hostOf(url);
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal"))
    return "must not point at this server's network";
  if (isIP(host) !== 0 && privateAddress(host)) return "must not point at a private address";
  return null;
}

/**
 * Why a URL may not receive webhooks, resolving its host name: every address it resolves to must
 * be public (unless allowPrivate). A name that does not resolve is refused too.
 */
export async function endpointProblem(
  raw: string,
  allowPrivate: boolean,
  lookup: HostLookup = systemLookup,
): Promise<string | null> {
  const problem = urlProblem(raw, allowPrivate);
  if (problem || allowPrivate) return problem;
  const host = hostOf(new URL(raw));
  if (isIP(host) !== 0) return null;
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host);
  } catch {
    return "the host name does not resolve";
  }
  if (addresses.length === 0) return "the host name does not resolve";
  if (addresses.some((a) => privateAddress(a.address))) return "the host name resolves to a private address";
  return null;
}

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The `lookup` of one delivery request: resolves the name, refuses it when any address is
 * private (unless allowed), and hands the socket the first address, the one that was checked.
 */
function checkedLookup(resolve: HostLookup, allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    resolve(hostname).then(
      (addresses) => {
        const chosen = addresses[0];
        if (!chosen) return callback(new Error("the host name does not resolve"), "");
        if (!allowPrivate && addresses.some((a) => privateAddress(a.address)))
          return callback(new Error("the host name resolves to a private address"), "");
        if (options.all) return callback(null, [chosen]);
        return callback(null, chosen.address, chosen.family);
      },
      () => callback(new Error("the host name does not resolve"), ""),
    );
  };
}

/** POSTs `body` and answers the status code; redirects are not followed (a 3xx is an answer). */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  lookup: ReturnType<typeof checkedLookup>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: lookup as never,
        agent: false,
      },
      (res) => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    const timer = setTimeout(() => {
      const err = new Error("timed out");
      err.name = "TimeoutError";
      request.destroy(err);
    }, timeoutMs);
    request.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end(body);
  });
}

export class WebhookService {
  readonly #db: Db;
  readonly #allowPrivate: boolean;
  readonly #lookup: HostLookup;
  constructor(db: Db, allowPrivate: boolean, lookup: HostLookup = systemLookup) {
    this.#db = db;
    this.#allowPrivate = allowPrivate;
    this.#lookup = lookup;
  }

  async create(
    ctx: RequestContext,
    input: { url: string; events: string[]; description?: string },
  ): Promise<WebhookEndpoint & { secret: string }> {
    const problem = await endpointProblem(input.url, this.#allowPrivate, this.#lookup);
    if (problem)
      throw new DomainError("invalid", "validation", `body.url: ${problem}`, { "body.url": problem });
    const secret = randomBytes(32).toString("base64url");
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const endpoint = await insertWebhookEndpoint(tx, {
        url: input.url,
        secret,
        events: [...new Set(input.events)],
        description: input.description ?? "",
        createdBy: ctx.principal.user.id,
      });
      await audit("webhook.create", "webhook_endpoint", endpoint.id, { events: endpoint.events });
      return { ...endpoint, secret };
    });
  }

  list(ctx: RequestContext): Promise<WebhookEndpoint[]> {
    return clinicalTx(this.#db, ctx, (tx) => listWebhookEndpoints(tx));
  }

  remove(ctx: RequestContext, id: string): Promise<void> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await deleteWebhookEndpoint(tx, id))) throw notFound("webhook");
      await audit("webhook.delete", "webhook_endpoint", id);
    });
  }

  deliveries(ctx: RequestContext, id: string, limit: number): Promise<WebhookDelivery[]> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await webhookEndpointExists(tx, id))) throw notFound("webhook");
      const rows = await listWebhookDeliveries(tx, id, limit);
      // Payloads hold patient ids: reading the log is a read of clinical data.
      await audit("webhook.deliveries.read", "webhook_endpoint", id, { count: rows.length });
      return rows.map(presentWebhookDelivery);
    });
  }
}

export interface DispatcherOptions {
  baseDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /** Deliver to private, loopback and link-local addresses too (WEBHOOK_ALLOW_PRIVATE_URLS). */
  allowPrivate: boolean;
  lookup: HostLookup;
}

/**
 * Sends due deliveries: POST of the JSON payload, signed; a 2xx is delivered, anything else is
 * retried after baseDelay * 2^(attempt-1) until maxAttempts, then marked failed (kept in the log).
 */
export class WebhookDispatcher {
  readonly #db: Db;
  readonly #options: DispatcherOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  constructor(db: Db, options: Partial<DispatcherOptions> = {}) {
    this.#db = db;
    this.#options = {
      baseDelayMs: 30_000,
      maxAttempts: 8,
      timeoutMs: 10_000,
      allowPrivate: false,
      lookup: systemLookup,
      ...options,
    };
  }

  start(pollMs: number): void {
    if (pollMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => {
      void this.runOnce().catch(() => {});
    }, pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => 0);
  }

  /** Sends every delivery due now; returns how many were tried. One pass at a time per process. */
  runOnce(): Promise<number> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #pass(): Promise<number> {
    // Claiming crosses clinics on purpose (a security-definer function returning ids only).
    const client = await this.#db.connect();
    let due: { deliveryId: string; clinicId: string }[];
    try {
      due = await claimDueDeliveries(client, 50, 300);
    } finally {
      client.release();
    }
    for (const d of due) await this.#deliver(d.clinicId, d.deliveryId);
    return due.length;
  }

  async #deliver(clinicId: string, deliveryId: string): Promise<void> {
    const job = await withClinic(this.#db, { clinicId }, (tx) => getPendingDelivery(tx, deliveryId));
    if (!job) return;
    const attempt = job.attempts + 1;
    const body = JSON.stringify(job.payload);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!job.active) error = "endpoint disabled";
    else {
      // Checked again at delivery: the setting may have changed since the endpoint was registered.
      const problem = urlProblem(job.url, this.#options.allowPrivate);
      if (problem) error = `URL ${problem}`;
      else
        try {
          statusCode = await post(
            new URL(job.url),
            {
              "content-type": "application/json",
              "user-agent": "Remodel-Webhooks/1",
              "x-remodel-event": job.event,
              "x-remodel-delivery": deliveryId,
              "x-remodel-signature": signatureHeader(job.secret, body, Math.floor(Date.now() / 1000)),
            },
            body,
            this.#options.timeoutMs,
            checkedLookup(this.#options.lookup, this.#options.allowPrivate),
          );
          if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
        } catch (err) {
          error =
            err instanceof Error
              ? (err.name === "TimeoutError" ? "timed out" : err.message).slice(0, 300)
              : "failed";
        }
    }
    const durationMs = Math.round(performance.now() - started);
    const delivered = error === null;
    const giveUp = !delivered && (attempt >= this.#options.maxAttempts || !job.active);
    const retryInMs = delivered || giveUp ? null : this.#options.baseDelayMs * 2 ** (attempt - 1);
    const outcome = { attempt, statusCode, error, durationMs, retryInMs, delivered, giveUp };
    await withClinic(this.#db, { clinicId }, async (tx) => {
      await insertWebhookAttempt(tx, deliveryId, outcome);
      await updateWebhookDelivery(tx, deliveryId, outcome);
    });
  }
}
