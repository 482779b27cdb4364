/**
 * What a session chart needs before it starts, done through the API from a signed-in staff page
 * (the intake and the tablet consent have their own tests): the intake answers and a signed
 * microneedling consent.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { INTAKE, signaturePng } from "../api/clinical-record-fixtures.ts";

export async function readyToChart(page: Page, patientId: string, typedName: string): Promise<void> {
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()).csrfToken;
  const intake = await page.request.post(`/api/patients/${patientId}/intake`, {
    headers: { "x-csrf-token": csrf },
    data: INTAKE,
  });
  assert.equal(intake.status(), 201);
  const status = await (await page.request.get(`/api/patients/${patientId}/consents`)).json();
  const template = status.status.find((s: { kind: string }) => s.kind === "microneedling").template;
  const signed = await page.request.post(`/api/patients/${patientId}/consents`, {
    headers: { "x-csrf-token": csrf },
    data: { templateId: template.id, typedName, signature: await signaturePng() },
  });
  assert.equal(signed.status(), 201);
}
