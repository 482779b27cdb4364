/**
 * The store of @fastify/rate-limit kept in PostgreSQL (086), so a limit holds across every app
 * server behind a load balancer: each request is one call of `rate_limit_hit`, counting against
 * a fixed window per route and client address. The address is `req.ip`, which is the socket's
 * peer unless TRUST_PROXY names the proxies in front (then the right-most address they did not add).
 */
import { createHash } from "node:crypto";
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { Db } from "../../db/pool.ts";
import { hitRateLimit } from "../../db/repositories/rate-limit.repository.ts";

interface RouteInfo {
  method?: string | string[];
  url?: string;
}

export function pgRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  class PgRateLimitStore implements FastifyRateLimitStore {
    readonly #scope: string;
    constructor(options: { routeInfo?: RouteInfo } = {}) {
      const route = options.routeInfo;
      this.#scope = route?.url ? `${[route.method].flat().join(",")} ${route.url}` : "global";
    }

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const keyHash = createHash("sha256").update(`${this.#scope}\n${key}`).digest();
      hitRateLimit(db, keyHash, timeWindow).then(
        (r) => callback(null, { current: r.hits, ttl: r.ttlMs }),
        (err: Error) => callback(err),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      return new PgRateLimitStore(routeOptions as { routeInfo?: RouteInfo });
    }
  }
  return PgRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
