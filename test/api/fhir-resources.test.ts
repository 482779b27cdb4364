/**
 * The FHIR resources beyond the patient's profile: PractitionerRole, Schedule and Slot, the intake
 * (Questionnaire, QuestionnaireResponse), CarePlan, Fitzpatrick and outcome Observations,
 * DocumentReference within the photo routes' rules, AllergyIntolerance (imported, and screened
 * when the protocol has a rule for it), AuditEvent for owners, and Patient/$everything.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";
import { FHIR_HEADERS, fhirSchemaErrors, fixtureBundles } from "./fhir-support.ts";

type Entry = { resource: Record<string, unknown> & { id: string; resourceType: string } };
const entries = (bundle: { entry?: Entry[] }) => (bundle.entry ?? []).map((e) => e.resource);

/** A bundle from "another EHR": one patient with an anaesthetic allergy and a peanut allergy. */
const ALLERGY_BUNDLE = {
  resourceType: "Bundle",
  type: "transaction",
  entry: [
    {
      fullUrl: "urn:uuid:allergic-patient",
      resource: {
        resourceType: "Patient",
        id: "allergic-1",
        name: [{ family: "Quennell-Abara", given: ["Saga"] }],
        birthDate: "1988-04-02",
        gender: "female",
      },
    },
    {
      resource: {
        resourceType: "AllergyIntolerance",
        id: "a-lido",
        clinicalStatus: {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" },
          ],
        },
        verificationStatus: {
          coding: [
            {
              system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
              code: "confirmed",
            },
          ],
        },
        type: "allergy",
        category: ["medication"],
        criticality: "high",
        code: { text: "Lidocaine" },
        patient: { reference: "urn:uuid:allergic-patient" },
        recordedDate: "2019-06-01",
      },
    },
    {
      resource: {
        resourceType: "AllergyIntolerance",
        id: "a-peanut",
        clinicalStatus: {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" },
          ],
        },
        type: "allergy",
        category: ["food"],
        code: {
          coding: [{ system: "http://snomed.info/sct", code: "91935009", display: "Allergy to peanuts" }],
          text: "Allergy to peanuts",
        },
        patient: { reference: "urn:uuid:allergic-patient" },
      },
    },
    {
      resource: {
        resourceType: "AllergyIntolerance",
        id: "a-refuted",
        verificationStatus: {
          coding: [
            {
              system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
              code: "refuted",
            },
          ],
        },
        code: { text: "Nickel" },
        patient: { reference: "urn:uuid:allergic-patient" },
      },
    },
  ],
};

async function jpeg(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 190, g: 140, b: 120 } } })
    .jpeg()
    .toBuffer();
}

async function upload(client: Client, url: string, bytes: Buffer) {
  if (!client.csrf) client.csrf = (await client.get("/api/auth/csrf")).body.csrfToken;
  const res = await client.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      "x-csrf-token": client.csrf!,
      "content-type": "image/jpeg",
    },
    payload: bytes,
  });
  return { status: res.statusCode, body: res.json() };
}

for (const target of await databaseTargets()) {
  describe(`FHIR resources of the record and the schedule (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let photoDir: string;
    let owner: Client;
    let physician: Client;
    let desk: Client;
    let ava: string;
    let planId: string;
    before(async () => {
      database = await freshDatabase(target);
      photoDir = await mkdtemp(path.join(tmpdir(), "remodel-fhir-photos-"));
      app = await seededApp(database, { REMODEL_PHOTO_DIR: photoDir });
      owner = await signedIn(app, DEMO.owner);
      physician = await signedIn(app, DEMO.physician);
      desk = await signedIn(app, DEMO.desk);
      ava = await patientIdOf(physician, "Martin");
      assert.equal((await physician.post(`/api/patients/${ava}/intake`, INTAKE)).status, 201);
      const consult = await physician.post(`/api/patients/${ava}/consultations`, { goodmanBaronGrade: 3 });
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      const plan = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {});
      assert.equal(plan.status, 201, JSON.stringify(plan.body));
      planId = plan.body.plan.id;
      const score = await physician.post(`/api/patients/${ava}/outcomes`, {
        scaleId: "gais",
        rater: "clinician",
        value: 2,
        planId,
        recordedOn: "2025-04-10",
      });
      assert.equal(score.status, 201, JSON.stringify(score.body));
      await signOnTablet(physician, ava, "microneedling");
      await signOnTablet(physician, ava, "photo", "marketing");
      const photo = await upload(physician, `/api/patients/${ava}/photos?view=front`, await jpeg());
      assert.equal(photo.status, 201, JSON.stringify(photo.body));
      for (const { bundle } of fixtureBundles())
        assert.equal(
          (await owner.request("POST", "/fhir/r4", JSON.stringify(bundle), FHIR_HEADERS)).status,
          200,
        );
    });
    after(async () => {
      await app.close();
      await database.drop();
      await rm(photoDir, { recursive: true, force: true });
    });

    test("every new type searches and reads back as valid FHIR R4 (official JSON schema)", async () => {
      const today = new Date().toISOString().slice(0, 10);
      const types: [string, string][] = [
        ["PractitionerRole", ""],
        ["Schedule", ""],
        ["Slot", `&start=ge${today}`],
        ["AllergyIntolerance", ""],
        ["Questionnaire", ""],
        ["QuestionnaireResponse", ""],
        ["CarePlan", ""],
        ["Observation", ""],
        ["DocumentReference", ""],
        ["AuditEvent", ""],
      ];
      for (const [type, extra] of types) {
        const res = await owner.get(`/fhir/r4/${type}?_count=200${extra}`);
        assert.equal(res.status, 200, `${type}: ${JSON.stringify(res.body).slice(0, 300)}`);
        assert.ok(res.body.total > 0, `${type}: some resources`);
        assert.deepEqual(fhirSchemaErrors(res.body), [], `${type} bundle`);
        for (const resource of entries(res.body).slice(0, 40)) {
          assert.deepEqual(fhirSchemaErrors(resource), [], `${type}/${resource.id}`);
          const read = await owner.get(`/fhir/r4/${type}/${resource.id}`);
          assert.equal(
            read.status,
            200,
            `${type}/${resource.id}: ${JSON.stringify(read.body).slice(0, 200)}`,
          );
          assert.deepEqual(read.body, resource);
        }
      }
      const meta = await owner.get("/fhir/r4/metadata");
      const served = meta.body.rest[0].resource.map((r: { type: string }) => r.type);
      for (const [type] of types) assert.ok(served.includes(type), `${type} in the CapabilityStatement`);
      const patient = meta.body.rest[0].resource.find((r: { type: string }) => r.type === "Patient");
      assert.equal(patient.operation[0].name, "everything");
    });

    test("PractitionerRole carries the licence depth limit; Schedule and Slot follow hours and bookings", async () => {
      const users = await database.admin.query("select id, max_needle_depth_mm from users where email = $1", [
        DEMO.nurse,
      ]);
      const nurse = users.rows[0] as { id: string; max_needle_depth_mm: number };
      const role = (await desk.get(`/fhir/r4/PractitionerRole?practitioner=Practitioner/${nurse.id}`)).body;
      assert.equal(role.total, 1);
      const ext = role.entry[0].resource.extension.find((e: { url: string }) =>
        e.url.endsWith("/StructureDefinition/max-needle-depth"),
      );
      assert.deepEqual(ext.valueQuantity, {
        value: Number(nurse.max_needle_depth_mm),
        unit: "mm",
        system: "http://unitsofmeasure.org",
        code: "mm",
      });
      assert.ok(
        role.entry[0].resource.availableTime.some((t: { daysOfWeek: string[] }) =>
          t.daysOfWeek.includes("fri"),
        ),
      );

      const schedule = (await desk.get(`/fhir/r4/Schedule/${nurse.id}`)).body;
      assert.equal(schedule.actor[0].reference, `Practitioner/${nurse.id}`);

      // A booked appointment of the nurse is a busy slot of her schedule, with free time around it.
      const { rows } = await database.admin.query(
        `select starts_at, ends_at from appointments where provider_id = $1 and status = 'booked' and starts_at > now()
         order by starts_at limit 1`,
        [nurse.id],
      );
      const appt = rows[0] as { starts_at: Date; ends_at: Date };
      const day = appt.starts_at.toISOString().slice(0, 10);
      const slots = (await desk.get(`/fhir/r4/Slot?schedule=Schedule/${nurse.id}&start=eq${day}`)).body;
      const busy = entries(slots).find((s) => s.start === appt.starts_at.toISOString());
      assert.ok(busy, JSON.stringify(entries(slots).map((s) => [s.start, s.status])));
      assert.equal(busy.status, "busy");
      assert.ok(entries(slots).some((s) => s.status === "free"));
      const onlyFree = (await desk.get(`/fhir/r4/Slot?schedule=${nurse.id}&start=eq${day}&status=free`)).body;
      assert.ok(entries(onlyFree).every((s) => s.status === "free"));

      const tooWide = await desk.get("/fhir/r4/Slot?start=ge2026-01-01&start=le2026-03-01");
      assert.equal(tooWide.status, 400);
      assert.deepEqual(tooWide.body.issue[0].expression, ["start"]);
      assert.equal((await desk.get("/fhir/r4/Slot?schedule=Schedule/not-a-provider")).body.total, 0);
    });

    test("the intake is a Questionnaire, each submission a QuestionnaireResponse; the plan a CarePlan", async () => {
      const q = (await desk.get("/fhir/r4/Questionnaire/intake")).body;
      assert.equal(q.url, "https://remodel.health/fhir/Questionnaire/intake");
      const fitz = q.item.find((i: { linkId: string }) => i.linkId === "fitzpatrick");
      assert.equal(fitz.answerOption.length, 6);
      const responses = (await desk.get(`/fhir/r4/QuestionnaireResponse?patient=${ava}`)).body;
      assert.equal(responses.total, 1);
      const r = responses.entry[0].resource;
      assert.ok(r.questionnaire.startsWith(`${q.url}|`));
      assert.deepEqual(
        r.item.find((i: { linkId: string }) => i.linkId === "fitzpatrick").answer[0].valueCoding.code,
        "II",
      );
      const concern = r.item.find((i: { linkId: string }) => i.linkId === "concerns");
      assert.deepEqual(
        concern.item
          .find((i: { linkId: string }) => i.linkId === "concerns.zones")
          .answer.map((a: { valueCoding: { code: string } }) => a.valueCoding.code),
        ["cheeks", "forehead"],
      );

      const plan = (await desk.get(`/fhir/r4/CarePlan/${planId}`)).body;
      const stored = (await database.admin.query("select * from treatment_plans where id = $1", [planId]))
        .rows[0];
      assert.equal(plan.subject.reference, `Patient/${ava}`);
      assert.equal(plan.activity[0].detail.scheduledTiming.repeat.count, stored.sessions);
      assert.equal(plan.activity[0].detail.scheduledTiming.repeat.period, stored.interval_weeks);
      const zones = plan.activity.slice(1);
      assert.equal(zones.length, stored.zones.length);
      const range = zones[0].detail.extension[0].valueRange;
      assert.deepEqual([range.low.value, range.high.value], [stored.zones[0].minMm, stored.zones[0].maxMm]);
    });

    test("Observations: Fitzpatrick type from the record, outcome scores by scale", async () => {
      const fitz = await desk.get(`/fhir/r4/Observation/fitzpatrick-${ava}`);
      assert.equal(fitz.status, 200);
      assert.equal(fitz.body.valueCodeableConcept.coding[0].code, "II");
      // Outcome scores are clinicians' records, as /api/patients/:id/outcomes is.
      assert.equal((await desk.get(`/fhir/r4/Observation?patient=${ava}&code=gais`)).body.total, 0);
      const byCode = (await physician.get(`/fhir/r4/Observation?patient=${ava}&code=gais`)).body;
      assert.equal(byCode.total, 1);
      assert.equal(byCode.entry[0].resource.valueQuantity.value, 2);
      assert.equal(byCode.entry[0].resource.basedOn[0].reference, `CarePlan/${planId}`);
      const byDate = (await physician.get(`/fhir/r4/Observation?patient=${ava}&date=2025-04-10`)).body;
      assert.deepEqual(
        entries(byDate).map((o) => o.id),
        [byCode.entry[0].resource.id],
      );
      const pregnancy = (await desk.get(`/fhir/r4/Observation?patient=${ava}&code=http://loinc.org|82810-3`))
        .body;
      assert.equal(pregnancy.entry[0].resource.id, `pregnancy-${ava}`);
    });

    test("DocumentReference: photos for clinicians by their clinical link, consent PDFs for all staff", async () => {
      const asClinician = entries((await physician.get(`/fhir/r4/DocumentReference?patient=${ava}`)).body);
      const photos = asClinician.filter((d) => d.id.startsWith("photo-"));
      const pdfs = asClinician.filter((d) => d.id.startsWith("consent-"));
      assert.equal(photos.length, 1);
      assert.equal(pdfs.length, 2);
      const attachment = (photos[0]!.content as { attachment: { url: string; contentType: string } }[])[0]!
        .attachment;
      // The marketing-scoped photo is linked only in the clinical context the photo routes allow.
      assert.match(attachment.url, /\/api\/photos\/[0-9a-f-]{36}\/image\?context=clinical$/);
      const image = await physician.get(new URL(attachment.url).pathname + new URL(attachment.url).search);
      assert.equal(image.status, 200);
      const pdfUrl = new URL((pdfs[0]!.content as { attachment: { url: string } }[])[0]!.attachment.url);
      const pdf = await desk.request("GET", pdfUrl.pathname);
      assert.equal(pdf.status, 200);
      assert.match(String(pdf.headers["content-type"]), /application\/pdf/);
      const asDesk = entries((await desk.get(`/fhir/r4/DocumentReference?patient=${ava}`)).body);
      assert.deepEqual(asDesk.map((d) => d.id).sort(), pdfs.map((d) => d.id).sort());
      assert.equal((await desk.get(`/fhir/r4/DocumentReference/${photos[0]!.id}`)).status, 404);
    });

    test("AllergyIntolerance imports once, and screening sees only the allergy the protocol has a rule for", async () => {
      const count = async () =>
        (await database.admin.query("select count(*)::int as n from patient_allergies")).rows[0].n as number;
      const synthea = await count();
      assert.ok(synthea >= 6, "the Synthea fixtures' allergies are kept");
      const first = await owner.request("POST", "/fhir/r4", JSON.stringify(ALLERGY_BUNDLE), FHIR_HEADERS);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const snapshot = async () =>
        (
          await database.admin.query(
            "select id, condition_id, label, clinical_status, verification_status, source_ref from patient_allergies order by id",
          )
        ).rows;
      const once = await snapshot();
      assert.equal(once.length, synthea + 2, "the refuted allergy is not imported");
      await owner.request("POST", "/fhir/r4", JSON.stringify(ALLERGY_BUNDLE), FHIR_HEADERS);
      assert.deepEqual(await snapshot(), once);

      const saga = (await desk.get("/fhir/r4/Patient?family=Quennell-Abara")).body.entry[0].resource.id;
      const allergies = entries((await desk.get(`/fhir/r4/AllergyIntolerance?patient=${saga}`)).body);
      assert.deepEqual(allergies.map((a) => (a.code as { text: string }).text).sort(), [
        "Allergy to peanuts",
        "Lidocaine",
      ]);
      const lido = allergies.find((a) => (a.code as { text: string }).text === "Lidocaine")!;
      assert.deepEqual(
        (lido.code as { coding: { code: string }[] }).coding[0]!.code,
        "allergy-local-anesthetic",
      );
      const bySnomed = (await desk.get(`/fhir/r4/AllergyIntolerance?code=http://snomed.info/sct|91935009`))
        .body;
      assert.ok(
        entries(bySnomed).some((a) => (a.patient as { reference: string }).reference === `Patient/${saga}`),
      );

      const screening = await physician.post(`/api/patients/${saga}/screenings`, {
        screeningDate: "2026-01-05",
        requestedAppointment: "2026-02-02",
        request: { setting: "clinic", concerns: [{ indication: "rhytides", zones: ["cheeks"] }] },
        patient: { fitzpatrick: "II", pregnant: false, breastfeeding: false },
      });
      assert.equal(screening.status, 201, JSON.stringify(screening.body));
      assert.equal(screening.body.screening.outcome, "decline");
      assert.ok(screening.body.screening.output.reasons.includes("CI-ALLERGY-STEEL-ANESTHETIC"));
      assert.ok(
        !JSON.stringify(screening.body).includes("peanut"),
        "an allergy with no rule stays out of screening",
      );
    });

    test("AuditEvent: the owner reads the clinic's audit log; other roles are refused", async () => {
      for (const who of [desk, physician]) {
        const res = await who.get("/fhir/r4/AuditEvent");
        assert.equal(res.status, 403);
        assert.equal(res.body.resourceType, "OperationOutcome");
      }
      const mine = (await owner.get(`/fhir/r4/AuditEvent?patient=${ava}&_count=20`)).body;
      assert.ok(mine.total > 0);
      for (const e of entries(mine)) {
        assert.ok(
          (e.entity as { what: { reference?: string } }[]).some((x) => x.what.reference === `Patient/${ava}`),
        );
      }
      assert.equal(
        (await desk.get(`/fhir/r4/Patient/${ava}/$everything`)).body.entry.some(
          (e: Entry) => e.resource.resourceType === "AuditEvent",
        ),
        false,
      );
    });

    test("Patient/$everything: the patient and all about them, paged by _count, audited", async () => {
      const all = await desk.get(`/fhir/r4/Patient/${ava}/$everything`);
      assert.equal(all.status, 200);
      assert.deepEqual(fhirSchemaErrors(all.body), []);
      const resources = entries(all.body);
      assert.equal(all.body.total, resources.length);
      assert.deepEqual(resources[0], (await desk.get(`/fhir/r4/Patient/${ava}`)).body);
      const types = new Set(resources.map((r) => r.resourceType));
      for (const t of [
        "Appointment",
        "QuestionnaireResponse",
        "CarePlan",
        "Observation",
        "Consent",
        "DocumentReference",
      ])
        assert.ok(types.has(t), `${t} in $everything`);
      for (const r of resources.slice(1)) {
        const about = JSON.stringify(r);
        assert.ok(about.includes(`Patient/${ava}`), `${r.resourceType}/${r.id} is about the patient`);
      }
      // Paged: following next links gives the same resources in the same order.
      const paged: string[] = [];
      let url: string | undefined = `/fhir/r4/Patient/${ava}/$everything?_count=3`;
      for (let i = 0; url && i < 100; i++) {
        const page = await desk.get(url);
        paged.push(...entries(page.body).map((r) => `${r.resourceType}/${r.id}`));
        const next = page.body.link.find((l: { relation: string }) => l.relation === "next")?.url;
        url = next ? new URL(next).pathname + new URL(next).search : undefined;
      }
      assert.deepEqual(
        paged,
        resources.map((r) => `${r.resourceType}/${r.id}`),
      );
      const audit = await database.admin.query(
        "select resource_id, detail from audit_log where action = 'fhir.everything' order by id desc limit 1",
      );
      assert.equal(audit.rows[0].resource_id, ava);
      assert.ok(!JSON.stringify(audit.rows[0].detail).includes("Martin"));
      assert.equal(
        (await desk.get("/fhir/r4/Patient/00000000-0000-4000-8000-000000000000/$everything")).status,
        404,
      );
      assert.equal((await desk.get(`/fhir/r4/Patient/${ava}/$everything?type=Condition`)).status, 400);
    });

    test("bulk $export carries the new types, each line valid; computed Slots are not exported", async () => {
      const types = [
        "PractitionerRole",
        "Schedule",
        "AllergyIntolerance",
        "Questionnaire",
        "QuestionnaireResponse",
        "CarePlan",
        "Observation",
        "DocumentReference",
        "AuditEvent",
      ];
      const kick = await owner.request("GET", `/fhir/r4/$export?_type=${types.join(",")}`, undefined, {
        prefer: "respond-async",
      });
      assert.equal(kick.status, 202);
      const status = new URL(String(kick.headers["content-location"])).pathname;
      let manifest = await owner.get(status);
      for (let i = 0; i < 400 && manifest.status === 202; i++) {
        await new Promise((r) => setTimeout(r, 50));
        manifest = await owner.get(status);
      }
      assert.equal(manifest.status, 200, JSON.stringify(manifest.body));
      assert.deepEqual(manifest.body.output.map((o: { type: string }) => o.type).sort(), [...types].sort());
      for (const out of manifest.body.output) {
        const file = await owner.get(new URL(out.url).pathname);
        const text = typeof file.body === "string" ? file.body : JSON.stringify(file.body);
        for (const line of text.trim().split("\n"))
          assert.deepEqual(fhirSchemaErrors(JSON.parse(line)), [], out.type);
      }
      const slots = await owner.request("GET", "/fhir/r4/$export?_type=Slot", undefined, {
        prefer: "respond-async",
      });
      assert.equal(slots.status, 400);
    });
  });
}
