/**
 * Opening a patient's full chart through the API, for a patient with 20 signed sessions and 100
 * photos, beside GET /ready (SELECT 1 on the same pool) measured in the same run. "Opening" is
 * what the staff patient page asks for at once: the patient, the session charts, the photo list,
 * the plans, the outcome scores and the consents; plus one thumbnail served from the photo store.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import sharp from "sharp";
import { DEMO_TOTP_SECRET } from "../src/server/demo-seed.ts";
import { currentTotp } from "../src/server/security/totp.ts";
import { signaturePng } from "../test/api/clinical-record-fixtures.ts";
import { DEMO } from "../test/support/api.ts";
import { startTestServer } from "../test/support/server.ts";
import type { Bench, Figure } from "./harness.ts";

const SESSIONS = 20;
const PHOTOS = 100;
const VIEWS = ["front", "left-45", "right-45", "left-90", "right-90"];

async function rate(url: string, seconds: number, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx and ${result.errors} errors during the run`);
  }
  return result.requests.average;
}

/** A signed-in API client over real HTTP: cookies, CSRF, and the second factor of the demo. */
async function signIn(base: string, email: string) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = (pair ?? "").split("=");
      if (k) jar.set(k.trim(), v.join("="));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  let csrf = "";
  const call = async (method: string, url: string, body?: unknown, type = "application/json") => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie: cookie(),
        ...(method === "GET" ? {} : { "x-csrf-token": csrf, "content-type": type }),
      },
      body:
        body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    keep(res);
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  csrf = ((await csrfRes.json()) as { csrfToken: string }).csrfToken;
  const login = await call("POST", "/api/auth/login", { email, password: DEMO.password });
  if (login?.twoFactor) {
    await call("POST", "/api/auth/login/verify", {
      challenge: login.twoFactor.challenge,
      code: currentTotp(login.twoFactor.enrolment?.secret ?? DEMO_TOTP_SECRET),
      rememberDevice: false,
    });
  }
  csrf = (await call("GET", "/api/auth/csrf")).csrfToken;
  return { call, cookie };
}

const bench: Bench = async ({ quick, smoke, log }) => {
  const seconds = smoke ? 0.5 : quick ? 3 : 10;
  // A smoke run charts a few sessions and photos only: it proves the bench runs, nothing more.
  const sessionCount = smoke ? 2 : SESSIONS;
  const photoCount = smoke ? 5 : PHOTOS;
  const figures: Figure[] = [];
  const photoDir = await mkdtemp(path.join(tmpdir(), "remodel-bench-photos-"));
  const server = await startTestServer({ REMODEL_PHOTO_DIR: photoDir });
  try {
    const nurse = await signIn(server.url, DEMO.nurse);
    const patientId = (
      await server.database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
    ).rows[0].patient_id as string;
    const deviceId = (await server.database.admin.query("select id from devices order by name limit 1"))
      .rows[0].id as string;

    log(`preparing a patient with ${sessionCount} signed sessions and ${photoCount} photos...`);
    await nurse.call("POST", `/api/patients/${patientId}/intake`, {
      pregnant: false,
      breastfeeding: false,
      deliveryDate: null,
      fitzpatrick: "II",
      conditions: [],
      medications: [],
      history: { keloids: false, coldSores: false },
      concerns: [{ indication: "acne-scars", zones: ["cheeks", "forehead"] }],
    });
    const status = await nurse.call("GET", `/api/patients/${patientId}/consents`);
    for (const s of status.status as { kind: string; template: { id: string } }[]) {
      await nurse.call("POST", `/api/patients/${patientId}/consents`, {
        templateId: s.template.id,
        typedName: "Bench Patient",
        signature: await signaturePng(),
        photoScope: s.kind === "photo" ? "clinical" : null,
      });
    }
    // A patient with twenty sessions has been through several series: each plan is charted to its end,
    // then a new consultation makes the next plan (the server refuses a session beyond a plan's count).
    const newPlan = async () => {
      const consultation = await nurse.call("POST", `/api/patients/${patientId}/consultations`, {
        goodmanBaronGrade: 3,
      });
      return nurse.call("POST", `/api/consultations/${consultation.consultation.id}/plans`, {});
    };
    let plan = await newPlan();
    let chartedOnPlan = 0;
    const chartIds: string[] = [];
    for (let i = 0; i < sessionCount; i++) {
      if (chartedOnPlan >= (plan.plan.sessions as number)) {
        plan = await newPlan();
        chartedOnPlan = 0;
      }
      chartedOnPlan++;
      const started = await nurse.call("POST", `/api/patients/${patientId}/charts`, { planId: plan.plan.id });
      const id = started.chart.id as string;
      await nurse.call("PUT", `/api/charts/${id}`, {
        checklist: {
          steps: {
            "PROC-CLEANSE": true,
            "PROC-TOPICAL-ANESTHETIC": true,
            "PROC-REMOVE-ANTISEPTIC": true,
            "PROC-GLIDE": true,
          },
          anaesthetic: { product: "lidocaine 4% cream", startedAt: "09:05", endedAt: "09:40" },
        },
        zones: [
          { zone: "cheeks", depthMm: 1, passes: 3, pattern: "crosshatch" },
          { zone: "forehead", depthMm: 0.5, passes: 2, pattern: "horizontal" },
        ],
        deviceId,
        cartridgeLot: `LOT-${i}`,
        cartridgeExpiry: "2099-12-31",
        postProduct: { productId: "ha-hydrogel", lot: "HG-7" },
        endpoint: "erythema-pinpoint-bleeding",
        adverseEvents: [],
      });
      await nurse.call("POST", `/api/charts/${id}/sign`, {});
      chartIds.push(id);
    }
    const photo = await sharp({ create: { width: 1600, height: 2000, channels: 3, background: "#c9a08c" } })
      .jpeg()
      .toBuffer();
    let firstPhoto = "";
    for (let i = 0; i < photoCount; i++) {
      const chartId = chartIds[Math.floor(i / VIEWS.length) % chartIds.length]!;
      const res = await nurse.call(
        "POST",
        `/api/patients/${patientId}/photos?view=${VIEWS[i % VIEWS.length]}&chartId=${chartId}`,
        photo,
        "image/jpeg",
      );
      firstPhoto ||= res.photo.id;
    }
    for (const [scaleId, value] of [
      ["goodman-baron-qualitative", 3],
      ["goodman-baron-quantitative", 20],
      ["gais", 3],
    ] as const) {
      await nurse.call("POST", `/api/patients/${patientId}/outcomes`, {
        scaleId,
        rater: "clinician",
        value,
        planId: plan.plan.id,
      });
    }

    const urls = [
      `/api/patients/${patientId}`,
      `/api/patients/${patientId}/charts`,
      `/api/patients/${patientId}/photos`,
      `/api/patients/${patientId}/plans`,
      `/api/patients/${patientId}/outcomes?planId=${plan.plan.id}`,
      `/api/patients/${patientId}/consents`,
    ];
    const check = await nurse.call("GET", `/api/patients/${patientId}/photos`);
    const charts = await nurse.call("GET", `/api/patients/${patientId}/charts`);
    if (check.photos.length !== photoCount || charts.charts.length !== sessionCount) {
      throw new Error(`expected ${sessionCount} charts and ${photoCount} photos`);
    }
    const cookie = nurse.cookie();
    const openChart = () =>
      Promise.all(
        urls.map(async (u) => {
          const res = await fetch(`${server.url}${u}`, { headers: { cookie } });
          if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
          await res.arrayBuffer();
        }),
      );

    log("measuring GET /ready (SELECT 1)...");
    const ready = await rate(`${server.url}/ready`, seconds);
    const baseline = "GET /ready (SELECT 1, same pool), req/s";

    log("measuring chart opens (6 requests each, 10 at a time)...");
    await openChart();
    let opens = 0;
    const until = performance.now() + seconds * 1000;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (performance.now() < until) {
          await openChart();
          opens++;
        }
      }),
    );
    figures.push({
      name: `open a full chart (${sessionCount} sessions, ${photoCount} photos: 6 API requests)`,
      value: (opens * 1000) / (performance.now() - start),
      unit: "opens/s",
      baseline,
      baselineValue: ready,
    });
    const photos = await rate(`${server.url}/api/patients/${patientId}/photos`, seconds, { cookie });
    figures.push({
      name: `GET /api/patients/:id/photos (${photoCount} photos)`,
      value: photos,
      unit: "req/s",
      baseline,
      baselineValue: ready,
    });
    const thumb = await rate(`${server.url}/api/photos/${firstPhoto}/image?size=thumb`, seconds, { cookie });
    figures.push({
      name: "GET /api/photos/:id/image?size=thumb (audited, from the directory store)",
      value: thumb,
      unit: "req/s",
      baseline,
      baselineValue: ready,
    });
  } finally {
    await server.close();
    await rm(photoDir, { recursive: true, force: true });
  }
  return figures;
};

export default bench;
