/**
 * Builds the Fastify app; never listens (main.ts does, tests call app.inject()).
 * A route reads as a pipeline: access rule (http/access.ts) -> zod validation -> service
 * (one transaction, audited) -> response schema.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import helmet from "helmet";
import type { Db } from "../db/pool.ts";
import type { Config } from "./config.ts";
import { installAccessControl } from "./http/access.ts";
import { installErrorHandling, notFoundBody } from "./http/errors.ts";
import { appointmentRoutes } from "./routes/appointments/appointments.route.ts";
import { authRoutes } from "./routes/auth/auth.route.ts";
import { publicBookingRoutes } from "./routes/booking/booking.route.ts";
import { bookingRequestRoutes } from "./routes/booking-requests/booking-requests.route.ts";
import { calendarFeedRoutes } from "./routes/calendar-feeds/calendar-feeds.route.ts";
import { chartRoutes } from "./routes/charts/charts.route.ts";
import { checkInRoutes } from "./routes/check-ins/check-ins.route.ts";
import { clearanceGrantRoutes } from "./routes/clearance-grants/clearance-grants.route.ts";
import { clinicRoutes } from "./routes/clinic/clinic.route.ts";
import { consentRoutes } from "./routes/consents/consents.route.ts";
import { consultationRoutes } from "./routes/consultations/consultations.route.ts";
import { csvExportRoutes } from "./routes/fhir/exports.route.ts";
import { fhirRoutes } from "./routes/fhir/fhir.route.ts";
import { fhirImportRoutes } from "./routes/fhir/import.route.ts";
import { firstRunRoutes } from "./routes/first-run/first-run.route.ts";
import { healthRoutes } from "./routes/health/health.route.ts";
import { inboxRoutes } from "./routes/inbox/inbox.route.ts";
import { intakeRoutes } from "./routes/intake/intake.route.ts";
import { apiClientRoutes } from "./routes/oauth/api-clients.route.ts";
import { oauthRoutes } from "./routes/oauth/oauth.route.ts";
import { outcomeRoutes } from "./routes/outcomes/outcomes.route.ts";
import { patientDataRoutes } from "./routes/patient-data/patient-data.route.ts";
import { patientRoutes } from "./routes/patients/patients.route.ts";
import { photoRoutes } from "./routes/photos/photos.route.ts";
import { portalRoutes } from "./routes/portal/portal.route.ts";
import { portalAuthRoutes } from "./routes/portal-auth/portal-auth.route.ts";
import { portalLocaleRoutes } from "./routes/portal-locale/portal-locale.route.ts";
import { portalPlanRoutes } from "./routes/portal-plan/portal-plan.route.ts";
import { protocolRoutes } from "./routes/protocol/protocol.route.ts";
import { publicRoutes } from "./routes/public/public.route.ts";
// Lot recall messages
import { recallRoutes } from "./routes/recalls/recalls.route.ts";
import { screeningRoutes } from "./routes/screenings/screenings.route.ts";
import { securityRoutes } from "./routes/security/security.route.ts";
import { setupRoutes } from "./routes/setup/setup.route.ts";
import { staffRoutes } from "./routes/staff/staff.route.ts";
import { treatmentPlanRoutes } from "./routes/treatment-plans/treatment-plans.route.ts";
import { webhookRoutes } from "./routes/webhooks/webhooks.route.ts";
import { installHardening, requestPath } from "./security/hardening.ts";
import { pgRateLimitStore } from "./security/rate-limit-store.ts";
import { AuthService } from "./services/auth.service.ts";
import { BookingService } from "./services/booking.service.ts";
import { FirstRunService } from "./services/first-run.service.ts";
import { createMailer } from "./services/mailer.service.ts";
import { StaffService } from "./services/staff.service.ts";

export interface AppDeps {
  db: Db;
  config: Config;
  /** Directory of the built web app; omitted in API-only tests. */
  webDir?: string;
  logger?: boolean;
}

export type App = FastifyInstance;

/** TRUST_PROXY for Fastify (proxy-addr): a hop count trusts the nearest N addresses. */
function trustProxyOption(
  trust: Config["trustProxy"],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  return trust;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { db, config } = deps;
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            // No patient data in logs: a search query string (a name) never reaches the log.
            serializers: {
              req: (req) => ({ method: req.method, url: String(req.url).split("?")[0], id: req.id }),
            },
          },
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default), so a
    // client cannot choose the address that rate limits count and the audit log records.
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // Security headers on every response. Helmet's middleware is made once here: the Fastify plugin
  // for it made it again (parsing the policy) on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.secureCookies,
  });
  app.addHook("onRequest", (req, reply, done) => securityHeaders(req.raw, reply.raw, () => done()));
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieOpts: { path: "/", httpOnly: true, sameSite: "lax", secure: config.secureCookies, signed: false },
  });
  // Counters live in PostgreSQL: a limit holds across every app server.
  await app.register(fastifyRateLimit, { global: false, store: pgRateLimitStore(db) });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Remodel API",
        description: "Clinic system for microneedling practices. Every error is {error, message, fields}.",
        version: "0.1.0",
      },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "remodel_session" } } },
    },
    transform: jsonSchemaTransform,
    // Fills components.schemas with every schema registered with an id, which the routes' $refs name.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  const auth = new AuthService(db, config);
  installAccessControl(app, auth, config.secureCookies);
  installHardening(app);

  // State-changing requests carry the CSRF token of GET /api/auth/csrf. Decided on the route that
  // answers (its declared path), never on the raw URL: the router decodes `/%61pi/...` to `/api/...`.
  app.addHook("onRequest", (req, reply, done) => {
    const route = req.routeOptions.url;
    if (
      req.method === "GET" ||
      req.method === "HEAD" ||
      req.method === "OPTIONS" ||
      !route?.startsWith("/api/")
    ) {
      return done();
    }
    app.csrfProtection(req, reply, done);
  });

  await app.register(healthRoutes, { db });
  await app.register(authRoutes, { auth, config });
  await app.register(publicRoutes, { db });
  await app.register(patientRoutes, { db });
  await app.register(portalRoutes, { db });
  const mailer = config.mail.smtpUrl ? createMailer(config.mail.smtpUrl, config.mail.from) : null;
  app.addHook("onClose", async () => mailer?.close());
  await app.register(staffRoutes, { staff: new StaffService(db, mailer, config.publicUrl) });
  await app.register(clinicRoutes, { db, config });
  await app.register(firstRunRoutes, { firstRun: new FirstRunService(db, auth), config });
  await app.register(setupRoutes, { db });
  // One booking service per app server: its queue writes bookings arriving together in one transaction.
  const booking = new BookingService(db);
  await app.register(appointmentRoutes, { db, booking });
  await app.register(publicBookingRoutes, {
    db,
    booking,
    perMinute: config.bookingRateLimitPerMinute,
    config,
  });
  await app.register(calendarFeedRoutes, { db, config });
  await app.register(fhirRoutes, { db });
  await app.register(fhirImportRoutes, { db });
  await app.register(oauthRoutes, { db, config });
  await app.register(apiClientRoutes, { db });
  await app.register(csvExportRoutes, { db });
  await app.register(webhookRoutes, { db, ...config.webhooks });
  await app.register(securityRoutes, { db, config });
  await app.register(intakeRoutes, { db });
  await app.register(consentRoutes, { db });
  await app.register(chartRoutes, { db, config });
  await app.register(recallRoutes, { db });
  await app.register(consultationRoutes, { db });
  await app.register(treatmentPlanRoutes, { db });
  await app.register(photoRoutes, { db, config });
  await app.register(outcomeRoutes, { db });
  await app.register(protocolRoutes, { db });
  await app.register(screeningRoutes, { db });
  await app.register(clearanceGrantRoutes, { db });
  await app.register(bookingRequestRoutes, { db });
  await app.register(portalAuthRoutes, { db, config, auth });
  await app.register(portalPlanRoutes, { db });
  await app.register(portalLocaleRoutes, { db });
  await app.register(checkInRoutes, { db, publicUrl: config.publicUrl, config });
  await app.register(inboxRoutes, { db });
  await app.register(patientDataRoutes, { db, config });
  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, () => app.swagger());

  await serveWebApp(app, deps.webDir);
  return app;
}

/** The React app: static assets, and index.html for every page of the SPA. */
async function serveWebApp(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  const dir = webDir && existsSync(path.join(webDir, "index.html")) ? webDir : undefined;
  if (dir) {
    await app.register(fastifyStatic, { root: dir, prefix: "/", wildcard: false, index: false });
  }
  const page = async (_req: unknown, reply: import("fastify").FastifyReply) => {
    if (!dir) {
      return reply
        .type("text/html")
        .send(
          "<!doctype html><html lang=en><title>Remodel</title><p>The web app is not built yet: run <code>npm run build</code>.</p>",
        );
    }
    return reply.type("text/html").header("cache-control", "no-cache").sendFile("index.html");
  };
  for (const url of [
    "/",
    "/app",
    "/app/*",
    "/portal",
    "/portal/*",
    "/book",
    "/book/*",
    "/self-check",
    "/compare",
    "/faq",
    "/prices",
  ]) {
    app.get(url, { schema: { hide: true } }, page);
  }
  // Other pages a browser asks for get the app's own "not found" page (status 404); API
  // clients and every other method get the JSON error.
  app.setNotFoundHandler(async (req, reply) => {
    const path = requestPath(req);
    const wantsHtml =
      req.method === "GET" &&
      !path.startsWith("/api/") &&
      !path.startsWith("/fhir") &&
      String(req.headers.accept ?? "").includes("text/html");
    if (wantsHtml) {
      reply.status(404);
      return page(req, reply);
    }
    return reply.status(404).send(notFoundBody(req.method, path));
  });
}
