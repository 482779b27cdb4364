/** Shared steps of the clinical-record tests: intake answers, a drawn signature, a signed consent. */
import sharp from "sharp";
import type { Client } from "../support/api.ts";

export const INTAKE = {
  pregnant: false,
  breastfeeding: false,
  deliveryDate: null,
  fitzpatrick: "II",
  conditions: [],
  medications: [] as object[],
  history: { keloids: false, coldSores: false },
  concerns: [{ indication: "acne-scars", zones: ["cheeks", "forehead"] }],
};

let png: string | undefined;
/** A small drawn-looking signature as a PNG data URL. */
export async function signaturePng(): Promise<string> {
  png ??= `data:image/png;base64,${(
    await sharp({
      create: { width: 200, height: 60, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><path d="M5 40 C 40 5, 60 55, 100 30 S 160 10, 195 35" stroke="black" stroke-width="3" fill="none"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer()
  ).toString("base64")}`;
  return png;
}

/** The patient id of a demo patient account's record, read through the staff API. */
export async function patientIdOf(staff: Client, familyName: string): Promise<string> {
  const res = await staff.get(`/api/patients?q=${encodeURIComponent(familyName)}`);
  const id = res.body.patients[0]?.id;
  if (!id) throw new Error(`no patient ${familyName}`);
  return id;
}

/** Signs the current microneedling (or photo) consent on the clinic tablet. */
export async function signOnTablet(
  staff: Client,
  patientId: string,
  kind: "microneedling" | "photo" = "microneedling",
  photoScope: "clinical" | "marketing" | null = null,
) {
  const status = await staff.get(`/api/patients/${patientId}/consents`);
  const template = status.body.status.find((s: { kind: string }) => s.kind === kind).template;
  const res = await staff.post(`/api/patients/${patientId}/consents`, {
    templateId: template.id,
    typedName: "Test Patient",
    signature: await signaturePng(),
    photoScope,
  });
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.consent;
}
