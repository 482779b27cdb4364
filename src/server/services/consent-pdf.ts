/**
 * The signed consent as a PDF: the template's exact words with its version, the patient's typed
 * name, the drawn signature and when and how it was signed.
 */
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";

export interface ConsentPdfInput {
  clinicName: string;
  title: string;
  kind: string;
  templateVersion: number;
  body: string;
  photoScope: string | null;
  patientName: string;
  typedName: string;
  signaturePng: Uint8Array;
  signedAt: Date;
  signedVia: string;
  /** The patient's language: the form's own labels and the signing date follow it. */
  locale?: "en" | "es";
  /** The language of the title and body, when not the patient's (a form the clinic wrote only in English). */
  wordingLocale?: "en" | "es";
  /** The clinic's time zone, for the signing date and time. */
  timeZone?: string;
}

const LABELS = {
  en: {
    version: (n: number, kind: string) => `Consent form version ${n} (${kind})`,
    photoMarketing: "Photo use agreed: clinical record and the clinic's marketing.",
    photoClinical: "Photo use agreed: clinical record only (never marketing).",
    patient: "Patient",
    typedName: "Typed name",
    signed: "Signed",
    portal: "patient portal",
    tablet: "clinic tablet",
    onlyEnglish: "",
    intl: "en-GB",
  },
  es: {
    version: (n: number, kind: string) =>
      `Formulario de consentimiento, versión ${n} (${kind === "photo" ? "fotografías" : "micropunción"})`,
    photoMarketing: "Uso de las fotografías aceptado: historia clínica y publicidad de la clínica.",
    photoClinical: "Uso de las fotografías aceptado: solo historia clínica (nunca publicidad).",
    patient: "Paciente",
    typedName: "Nombre escrito",
    signed: "Firmado",
    portal: "portal del paciente",
    tablet: "tableta de la clínica",
    onlyEnglish:
      "Este formulario solo está disponible en inglés: la clínica no lo ha escrito en español. El texto que se mostró y se firmó es el inglés que sigue.",
    intl: "es-ES",
  },
} as const;

// The standard PDF fonts encode WinAnsi (Latin-1 and a few more): Spanish and most Western letters
// print as they are (á, é, í, ó, ú, ñ, ü, ¿, ¡). A letter outside it is reduced to its base letter
// (or "?"); the database keeps the typed name exactly as typed.
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
function printableChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (c === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return c;
  if (WIN_ANSI_EXTRA.includes(c)) return c;
  const base = c.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return /^[\u0020-\u007e]+$/.test(base) ? base : "?";
}

export function printable(text: string): string {
  return Array.from(text.normalize("NFC"), printableChar).join("");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(text).split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

export async function renderConsentPdf(input: ConsentPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(printable(`${input.title} (version ${input.templateVersion})`));
  doc.setCreator("Remodel");
  doc.setProducer("Remodel");
  doc.setCreationDate(input.signedAt);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const signature = await doc.embedPng(input.signaturePng);
  const [pageWidth, pageHeight, margin] = [595.28, 841.89, 56];
  const width = pageWidth - 2 * margin;
  let page = doc.addPage([pageWidth, pageHeight]);
  let y = pageHeight - margin;
  const line = (text: string, f = font, size = 11) => {
    for (const l of wrap(text, f, size, width)) {
      if (y < margin + size) {
        page = doc.addPage([pageWidth, pageHeight]);
        y = pageHeight - margin;
      }
      page.drawText(l, { x: margin, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });
      y -= size * 1.45;
    }
  };
  const labels = LABELS[input.locale ?? "en"];
  line(input.clinicName, bold, 10);
  line(input.title, bold, 16);
  line(labels.version(input.templateVersion, input.kind), font, 9);
  if (input.wordingLocale && input.wordingLocale !== (input.locale ?? "en") && labels.onlyEnglish) {
    y -= 4;
    line(labels.onlyEnglish, bold, 10);
  }
  y -= 8;
  line(input.body);
  if (input.photoScope) {
    y -= 6;
    line(input.photoScope === "marketing" ? labels.photoMarketing : labels.photoClinical, bold);
  }
  y -= 12;
  const signedAt = new Intl.DateTimeFormat(labels.intl, {
    dateStyle: "long",
    timeStyle: "long",
    timeZone: input.timeZone ?? "UTC",
  }).format(input.signedAt);
  line(`${labels.patient}: ${input.patientName}`);
  line(`${labels.typedName}: ${input.typedName}`);
  line(`${labels.signed}: ${signedAt} (${input.signedVia === "portal" ? labels.portal : labels.tablet})`);
  const scaled = signature.scaleToFit(240, 90);
  if (y - scaled.height < margin) {
    page = doc.addPage([pageWidth, pageHeight]);
    y = pageHeight - margin;
  }
  page.drawImage(signature, { x: margin, y: y - scaled.height, width: scaled.width, height: scaled.height });
  return doc.save();
}
