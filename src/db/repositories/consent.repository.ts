import type { Tx } from "../pool.ts";

export type ConsentKind = "microneedling" | "photo";
export type PhotoScope = "clinical" | "marketing";

export interface ConsentTemplateRow {
  id: string;
  kind: ConsentKind;
  version: number;
  title: string;
  body: string;
  /** The clinic's own Spanish wording of this version, when it wrote one (both or neither). */
  titleEs: string | null;
  bodyEs: string | null;
  createdAt: Date;
}

export interface ConsentRow {
  id: string;
  patientId: string;
  templateId: string;
  kind: ConsentKind;
  templateVersion: number;
  photoScope: PhotoScope | null;
  signedVia: "portal" | "tablet";
  signedAt: Date;
  recordedBy: string;
  /** The language of the words the patient was shown and signed (null: signed before it was kept). */
  wordingLocale: "en" | "es" | null;
}

const TEMPLATE_COLUMNS = `id, kind, version, title, body, title_es as "titleEs", body_es as "bodyEs",
  created_at as "createdAt"`;
const CONSENT_COLUMNS = `id, patient_id as "patientId", template_id as "templateId", kind,
  template_version as "templateVersion", photo_scope as "photoScope", signed_via as "signedVia",
  signed_at as "signedAt", recorded_by as "recordedBy", wording_locale as "wordingLocale"`;

/** The newest version of each kind. */
export async function latestTemplates(tx: Tx): Promise<ConsentTemplateRow[]> {
  const { rows } = await tx.query<ConsentTemplateRow>(
    `select distinct on (kind) ${TEMPLATE_COLUMNS} from consent_templates order by kind, version desc`,
  );
  return rows;
}

/** Every version of every kind, the newest first: the wording's history. */
export async function allTemplates(tx: Tx): Promise<ConsentTemplateRow[]> {
  const { rows } = await tx.query<ConsentTemplateRow>(
    `select ${TEMPLATE_COLUMNS} from consent_templates order by kind, version desc`,
  );
  return rows;
}

export async function getTemplate(tx: Tx, id: string): Promise<ConsentTemplateRow | null> {
  const { rows } = await tx.query<ConsentTemplateRow>(
    `select ${TEMPLATE_COLUMNS} from consent_templates where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function insertTemplate(
  tx: Tx,
  t: {
    kind: ConsentKind;
    title: string;
    body: string;
    titleEs?: string | null;
    bodyEs?: string | null;
    createdBy: string | null;
  },
): Promise<ConsentTemplateRow> {
  const { rows } = await tx.query<ConsentTemplateRow>(
    `insert into consent_templates (clinic_id, kind, version, title, body, title_es, body_es, created_by)
     values (app_clinic_id(), $1,
             coalesce((select max(version) from consent_templates where kind = $1), 0) + 1, $2, $3, $4, $5, $6)
     returning ${TEMPLATE_COLUMNS}`,
    [t.kind, t.title, t.body, t.titleEs ?? null, t.bodyEs ?? null, t.createdBy],
  );
  return rows[0]!;
}

export async function insertConsent(
  tx: Tx,
  c: {
    patientId: string;
    template: ConsentTemplateRow;
    photoScope: PhotoScope | null;
    typedName: string;
    signaturePng: Buffer;
    pdf: Uint8Array;
    signedVia: "portal" | "tablet";
    signedAt: Date;
    recordedBy: string;
    wordingLocale: "en" | "es";
  },
): Promise<ConsentRow> {
  const { rows } = await tx.query<ConsentRow>(
    `insert into consents (clinic_id, patient_id, template_id, kind, template_version, photo_scope, typed_name,
       signature_png, pdf, signed_via, signed_at, recorded_by, wording_locale)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${CONSENT_COLUMNS}`,
    [
      c.patientId,
      c.template.id,
      c.template.kind,
      c.template.version,
      c.photoScope,
      c.typedName,
      c.signaturePng,
      Buffer.from(c.pdf),
      c.signedVia,
      c.signedAt,
      c.recordedBy,
      c.wordingLocale,
    ],
  );
  return rows[0]!;
}

/** The patient's most recent signed consent of a kind. */
export async function latestConsent(
  tx: Tx,
  patientId: string,
  kind: ConsentKind,
): Promise<ConsentRow | null> {
  const { rows } = await tx.query<ConsentRow>(
    `select ${CONSENT_COLUMNS} from consents where patient_id = $1 and kind = $2
     order by signed_at desc, id desc limit 1`,
    [patientId, kind],
  );
  return rows[0] ?? null;
}

export async function listConsents(tx: Tx, patientId: string): Promise<ConsentRow[]> {
  const { rows } = await tx.query<ConsentRow>(
    `select ${CONSENT_COLUMNS} from consents where patient_id = $1 order by signed_at desc, id desc`,
    [patientId],
  );
  return rows;
}

export async function getConsentPdf(tx: Tx, id: string): Promise<{ patientId: string; pdf: Buffer } | null> {
  const { rows } = await tx.query<{ patientId: string; pdf: Buffer }>(
    `select patient_id as "patientId", pdf from consents where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
