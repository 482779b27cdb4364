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
}

// The standard PDF fonts cover Latin-1 only: letters outside it are reduced to their base letter
// (or "?"); the database keeps the typed name exactly as typed.
function printable(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/[^\n\u0020-\u007e\u00a0-\u00ff]/g, "?");
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
  line(input.clinicName, bold, 10);
  line(input.title, bold, 16);
  line(`Consent form version ${input.templateVersion} (${input.kind})`, font, 9);
  y -= 8;
  line(input.body);
  if (input.photoScope) {
    y -= 6;
    line(
      input.photoScope === "marketing"
        ? "Photo use agreed: clinical record and the clinic's marketing."
        : "Photo use agreed: clinical record only (never marketing).",
      bold,
    );
  }
  y -= 12;
  line(`Patient: ${input.patientName}`);
  line(`Typed name: ${input.typedName}`);
  line(
    `Signed: ${input.signedAt.toISOString()} (${input.signedVia === "portal" ? "patient portal" : "clinic tablet"})`,
  );
  const scaled = signature.scaleToFit(240, 90);
  if (y - scaled.height < margin) {
    page = doc.addPage([pageWidth, pageHeight]);
    y = pageHeight - margin;
  }
  page.drawImage(signature, { x: margin, y: y - scaled.height, width: scaled.width, height: scaled.height });
  return doc.save();
}
