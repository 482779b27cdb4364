import { z } from "zod";
import { instant } from "./codecs.ts";
import { action, endpoint } from "./endpoint.ts";

export const kind = z.enum(["microneedling", "photo"]);
export const photoScope = z.enum(["clinical", "marketing"]);

export const templateView = z.object({
  id: z.uuid(),
  kind,
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  /** The Spanish patients are shown for this version (the clinic's own, or the built-in translation). */
  titleEs: z.string().nullable(),
  bodyEs: z.string().nullable(),
  createdAt: instant,
});

export const newTemplateBody = z.strictObject({
  kind,
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(20).max(50_000),
  // An optional Spanish wording of the same version: both, or neither (empty means none).
  titleEs: z.string().trim().max(200).nullable().default(null),
  bodyEs: z.string().trim().max(50_000).nullable().default(null),
});

export const signBody = z.strictObject({
  templateId: z.uuid(),
  typedName: z.string().trim().min(2).max(200),
  signature: z.string().min(1).max(500_000),
  photoScope: photoScope.nullable().default(null),
});

export const consentView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  templateId: z.uuid(),
  kind,
  templateVersion: z.number().int(),
  photoScope: photoScope.nullable(),
  signedVia: z.enum(["portal", "tablet"]),
  signedAt: instant,
  recordedBy: z.uuid(),
  /** The language of the words shown and signed (null: signed before it was recorded). */
  wordingLocale: z.enum(["en", "es"]).nullable(),
});

export const consentStatusView = z.object({
  /** The patient's language: what the patient reads around the forms follows it (also on a clinic tablet). */
  locale: z.enum(["en", "es"]),
  status: z.array(
    z.object({
      kind,
      /** `locale`: the language of the title and body (English when the clinic wrote no Spanish). */
      template: z.object({
        id: z.uuid(),
        version: z.number().int(),
        title: z.string(),
        body: z.string(),
        locale: z.enum(["en", "es"]),
      }),
      currency: z.object({
        current: z.boolean(),
        reason: z.enum(["none", "outdated-version", "expired"]).optional(),
        expiresOn: z.string().nullable(),
      }),
      consentId: z.uuid().nullable(),
      photoScope: photoScope.nullable(),
    }),
  ),
  history: z.array(consentView),
});

export const idParams = z.strictObject({ id: z.uuid() });

// Endpoints the web reads.
export const templateList = z.object({ templates: z.array(templateView) });
export const consentTemplates = endpoint("GET", "/api/consent-templates", templateList);
export const newTemplateAnswer = z.object({ template: templateView });
export const newConsentTemplate = endpoint("POST", "/api/consent-templates", newTemplateAnswer);

export type ConsentTemplate = z.output<typeof templateView>;
export type NewTemplateBody = z.input<typeof newTemplateBody>;
/** A signature kept (201): the consent as recorded. */
export const consentSigned = z.object({ consent: consentView });
export const signPatientConsent = action("POST", "/api/patients/:id/consents", signBody, consentSigned);
export const signOwnConsent = action("POST", "/api/portal/consents", signBody, consentSigned);
export const patientConsents = endpoint("GET", "/api/patients/:id/consents", consentStatusView);
export const ownConsents = endpoint("GET", "/api/portal/consents", consentStatusView);
