/**
 * Consent: clinic-editable templates (every change a new version), signing by the patient in the
 * portal or on a clinic tablet (typed name and drawn signature, kept as a PDF), and whether a
 * patient's consent is current: signed on the latest version and less than 12 months ago.
 */
import type { Db, Tx } from "../../db/pool.ts";
import {
  allTemplates,
  type ConsentKind,
  type ConsentTemplateRow,
  getConsentPdf,
  getTemplate,
  insertConsent,
  insertTemplate,
  latestConsent,
  latestTemplates,
  listConsents,
  type PhotoScope,
} from "../../db/repositories/consent.repository.ts";
import { getPatient } from "../../db/repositories/patient.repository.ts";
import { findPatientLocale } from "../../db/repositories/patient-side.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { isOwnRecord } from "../../domain/patient-access.ts";
import { type ConsentCurrency, consentCurrency } from "../../domain/record/consent-rules.ts";
import { presentConsentTemplate } from "../presenters/consent-templates.ts";
import type { Principal } from "./auth.service.ts";
import { type Audit, clinicalTx } from "./clinical-tx.ts";
import { renderConsentPdf } from "./consent-pdf.ts";
import { consentWording, DEFAULT_TEMPLATES } from "./consent-wording.ts";
import { clinicDateOf, clinicToday, ownPatientId } from "./record-context.ts";
import { accessorOf, type RequestContext } from "./request-context.ts";

export interface SignConsentInput {
  templateId: string;
  typedName: string;
  /** PNG image of the drawn signature, as a data: URL or base64. */
  signature: string;
  photoScope: PhotoScope | null;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIGNATURE_BYTES = 300_000;

function decodeSignature(signature: string): Buffer {
  const base64 = signature.replace(/^data:image\/png;base64,/, "");
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(base64) ? Buffer.from(base64, "base64") : Buffer.alloc(0);
  if (bytes.length < 60 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) {
    throw new DomainError("invalid", "invalid_signature", "body.signature: not a PNG image of a signature", {
      "body.signature": "not a PNG image",
    });
  }
  if (bytes.length > MAX_SIGNATURE_BYTES) {
    throw new DomainError("invalid", "invalid_signature", "body.signature: image too large", {
      "body.signature": `larger than ${MAX_SIGNATURE_BYTES} bytes`,
    });
  }
  return bytes;
}

/** Makes sure the clinic has a template of each kind (version 1 from the built-in texts). */
async function templatesOf(tx: Tx): Promise<ConsentTemplateRow[]> {
  let templates = await latestTemplates(tx);
  const missing = DEFAULT_TEMPLATES.filter((d) => !templates.some((t) => t.kind === d.kind));
  if (missing.length > 0) {
    for (const d of missing) await insertTemplate(tx, { ...d, createdBy: null });
    templates = await latestTemplates(tx);
  }
  return templates;
}

export interface ConsentStatus {
  kind: ConsentKind;
  /** `locale`: the language the title and body are in (English when the clinic wrote no Spanish). */
  template: { id: string; version: number; title: string; body: string; locale: "en" | "es" };
  currency: ConsentCurrency;
  consentId: string | null;
  photoScope: PhotoScope | null;
}

async function statusOf(
  tx: Tx,
  principal: Principal,
  patientId: string,
): Promise<{ locale: "en" | "es"; status: ConsentStatus[] }> {
  const templates = await templatesOf(tx);
  const today = clinicToday(principal);
  // The words are the ones the patient will sign, in the patient's language when they exist in it.
  const locale = await findPatientLocale(tx, patientId);
  const out: ConsentStatus[] = [];
  for (const t of templates) {
    const signed = await latestConsent(tx, patientId, t.kind);
    const words = consentWording(t, locale);
    out.push({
      kind: t.kind,
      template: {
        id: t.id,
        version: t.version,
        title: words.title,
        body: words.body,
        locale: words.wordingLocale,
      },
      currency: consentCurrency(
        signed
          ? { templateVersion: signed.templateVersion, signedOn: clinicDateOf(principal, signed.signedAt) }
          : null,
        t.version,
        today,
      ),
      consentId: signed?.id ?? null,
      photoScope: signed?.photoScope ?? null,
    });
  }
  return { locale: locale === "es" ? "es" : "en", status: out };
}

/**
 * Whether the patient has a current consent of this kind; for use inside another service's
 * transaction (a session chart cannot start without one). Returns the consent when current.
 */
export async function hasCurrentConsent(
  tx: Tx,
  principal: Principal,
  patientId: string,
  kind: ConsentKind = "microneedling",
): Promise<
  { current: true; consentId: string; photoScope: PhotoScope | null } | { current: false; reason: string }
> {
  const status = (await statusOf(tx, principal, patientId)).status.find((s) => s.kind === kind);
  if (!status?.currency.current || !status.consentId) {
    return { current: false, reason: status && !status.currency.current ? status.currency.reason : "none" };
  }
  return { current: true, consentId: status.consentId, photoScope: status.photoScope };
}

export class ConsentService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  templates(ctx: RequestContext) {
    return clinicalTx(this.#db, ctx, async (tx) => (await templatesOf(tx)).map(presentConsentTemplate));
  }

  /** Every version, current and past (the owner's history of the wording). */
  templateHistory(ctx: RequestContext) {
    return clinicalTx(this.#db, ctx, async (tx) => {
      await templatesOf(tx);
      return (await allTemplates(tx)).map(presentConsentTemplate);
    });
  }

  newTemplateVersion(
    ctx: RequestContext,
    t: { kind: ConsentKind; title: string; body: string; titleEs?: string | null; bodyEs?: string | null },
  ) {
    const titleEs = t.titleEs?.trim() || null;
    const bodyEs = t.bodyEs?.trim() || null;
    if ((titleEs === null) !== (bodyEs === null)) {
      const missing = titleEs === null ? "body.titleEs" : "body.bodyEs";
      throw new DomainError(
        "invalid",
        "validation",
        `${missing}: give both the Spanish title and wording, or neither`,
        {
          [missing]: "give both the Spanish title and wording, or neither",
        },
      );
    }
    if (bodyEs !== null && bodyEs.length < 20) {
      throw new DomainError("invalid", "validation", "body.bodyEs: at least 20 characters", {
        "body.bodyEs": "at least 20 characters",
      });
    }
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      await templatesOf(tx);
      const created = await insertTemplate(tx, { ...t, titleEs, bodyEs, createdBy: ctx.principal.user.id });
      await audit("consent_template.create", "consent_template", created.id, {
        kind: created.kind,
        version: created.version,
        spanish: created.titleEs !== null,
      });
      return presentConsentTemplate(created);
    });
  }

  status(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getPatient(tx, patientId))) throw notFound("patient");
      const { locale, status } = await statusOf(tx, ctx.principal, patientId);
      const history = await listConsents(tx, patientId);
      await audit("consent.list", "patient", patientId, { count: history.length });
      return { locale, status, history };
    });
  }

  ownStatus(ctx: RequestContext) {
    return this.status(ctx, ownPatientId(ctx.principal));
  }

  sign(ctx: RequestContext, patientId: string, input: SignConsentInput, via: "portal" | "tablet") {
    return clinicalTx(this.#db, ctx, (tx, audit) =>
      this.#sign(tx, audit, ctx.principal, patientId, input, via),
    );
  }

  ownSign(ctx: RequestContext, input: SignConsentInput) {
    return this.sign(ctx, ownPatientId(ctx.principal), input, "portal");
  }

  async #sign(
    tx: Tx,
    audit: Audit,
    principal: Principal,
    patientId: string,
    input: SignConsentInput,
    via: "portal" | "tablet",
  ) {
    const patient = await getPatient(tx, patientId);
    if (!patient) throw notFound("patient");
    const templates = await templatesOf(tx);
    const template = await getTemplate(tx, input.templateId);
    if (!template) {
      throw new DomainError("invalid", "invalid_consent", "body.templateId: no such consent form", {
        "body.templateId": "no such consent form",
      });
    }
    const latest = templates.find((t) => t.kind === template.kind);
    if (latest && latest.version !== template.version) {
      throw new DomainError(
        "conflict",
        "outdated_template",
        `a newer version (${latest.version}) of this form exists; sign that one`,
        {
          "body.templateId": "not the latest version",
        },
      );
    }
    if ((template.kind === "photo") !== (input.photoScope !== null)) {
      const message =
        template.kind === "photo" ? "choose clinical or marketing" : "only for the photo consent";
      throw new DomainError("invalid", "invalid_consent", `body.photoScope: ${message}`, {
        "body.photoScope": message,
      });
    }
    const signaturePng = decodeSignature(input.signature);
    const signedAt = new Date();
    // The same words the patient was shown (statusOf), in the patient's language.
    const words = consentWording(template, await findPatientLocale(tx, patientId));
    let pdf: Uint8Array;
    try {
      pdf = await renderConsentPdf({
        clinicName: principal.clinic.name,
        title: words.title,
        kind: template.kind,
        templateVersion: template.version,
        body: words.body,
        locale: words.locale,
        wordingLocale: words.wordingLocale,
        timeZone: principal.clinic.timeZone,
        photoScope: input.photoScope,
        patientName: `${patient.givenName} ${patient.familyName}`,
        typedName: input.typedName,
        signaturePng,
        signedAt,
        signedVia: via,
      });
    } catch {
      throw new DomainError("invalid", "invalid_signature", "body.signature: the image could not be read", {
        "body.signature": "unreadable PNG",
      });
    }
    const consent = await insertConsent(tx, {
      patientId,
      template,
      photoScope: input.photoScope,
      typedName: input.typedName,
      signaturePng,
      pdf,
      signedVia: via,
      signedAt,
      recordedBy: principal.user.id,
      wordingLocale: words.wordingLocale,
    });
    await audit("consent.sign", "consent", consent.id, {
      patientId,
      kind: template.kind,
      templateVersion: template.version,
      photoScope: input.photoScope,
      via,
      wordingLocale: words.wordingLocale,
    });
    return consent;
  }

  pdf(ctx: RequestContext, consentId: string, ownOnly: boolean) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const found = await getConsentPdf(tx, consentId);
      if (!found || (ownOnly && !isOwnRecord(accessorOf(ctx.principal), found.patientId)))
        throw notFound("consent");
      await audit("consent.read_pdf", "consent", consentId, { patientId: found.patientId });
      return found.pdf;
    });
  }
}
