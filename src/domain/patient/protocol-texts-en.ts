/**
 * The protocol's patient paragraphs in English, for what the server writes itself (e-mails): each
 * aftercare entry and preparation step of the shipped ruleset in the same plain words as the
 * portal's English catalogue (a test holds the two together), carrying the sources of the entry it
 * stands for. The protocol's own `text` is written for clinicians (it names rule ids and classes);
 * an entry a clinic added itself has no text here and is sent in the clinic's own words.
 */
import { fillDays, type PatientText } from "./protocol-texts-es.ts";

export const AFTERCARE_TEXTS_EN: Readonly<Record<string, PatientText>> = {
  "AC-ERYTHEMA-EXPECTED": {
    text: "Redness like mild sunburn, mild swelling, tightness and pinpoint bleeding are expected. They usually settle within 24–48 hours, and can last up to 72 hours.",
    source: ["BLOG-SEEDS", "CHU-2021"],
  },
  "AC-DOWNTIME": {
    text: "Give your skin 48–72 hours of rest; most people go back to normal activities the next day.",
    source: ["BLOG-SEEDS"],
  },
  "AC-NO-MAKEUP": {
    text: "No make-up for 24 hours; after that, mineral make-up is fine.",
    source: ["BLOG-SEEDS"],
  },
  "AC-NO-SWEAT-EXERCISE": {
    text: "No hard exercise, sweating, sauna or swimming for 24 hours.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "AC-GENTLE-SKINCARE": {
    text: "Use only a gentle cleanser and a plain moisturiser (or the gel the clinic gave you). Do not pick or scrub.",
    source: ["BLOG-SEEDS"],
  },
  "AC-NO-ACTIVES": {
    text: "No retinol or other retinoids, acids (AHA/BHA), exfoliants or other strong products for 7 days.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "AC-NO-SUN": {
    text: "Keep out of direct sun and heat for 7 days.",
    source: ["BLOG-SEEDS"],
  },
  "AC-SPF-DAILY": {
    text: "From tomorrow, use a broad-spectrum sunscreen every day. This matters most for darker skin, which marks more easily.",
    source: ["BLOG-SEEDS", "COHEN-ELBULUK-2016"],
  },
  "AC-RESUME-ROUTINE": {
    text: "After 7 days, if your skin is calm, you can go back to your usual skincare, retinoids included.",
    source: ["BLOG-SEEDS"],
  },
  "AC-WARNING-SIGNS": {
    text: "Call the clinic for pain that gets worse, pus, a fever, blisters or a cold sore, lumps or bumps that do not go away, or dark patches.",
    source: ["CHU-2021", "SOLTANI-2014", "FRIEDMANN-2024", "CASSIANO-MELASMA"],
  },
  "AC-NEXT-SESSION": {
    text: "Your next session is due 4–6 weeks after this one.",
    source: ["BLOG-SEEDS"],
  },
};

export const PREP_TEXTS_EN: Readonly<Record<string, PatientText>> = {
  "PREP-NSAID-STOP": {
    text: "Pause ibuprofen, naproxen and other anti-inflammatory painkillers, and aspirin you take now and then for pain, {min}–{max} days before your session. Never stop aspirin or a blood thinner taken for your heart, a stent, a stroke or a clot.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "PREP-TOPICAL-RETINOID-STOP": {
    text: "Stop retinol, tretinoin and other retinoid creams, and acid or exfoliating products, {max} days before your session.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "PREP-UV-EXPOSURE": {
    text: "Keep out of the sun and do not tan (tanning beds included) for {max} days before your session. We will rebook you if you arrive sunburnt or freshly tanned.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "PREP-ANTITHROMBOTIC-DO-NOT-STOP": {
    text: "Keep taking your blood thinner or heart aspirin exactly as prescribed. Do not stop it for this treatment. We will contact your doctor before your session.",
    source: ["PALAMARAS-2015", "TRAGER-2025", "UCSD-ANTICOAG-DERM"],
  },
  "PREP-HSV-PROPHYLAXIS": {
    text: "You have had cold sores before. Ask the doctor who prescribes for you whether to take an antiviral medicine, starting 1–2 days before your session.",
    source: ["CLINIC-PREP-PAGES", "CASSIANO-MELASMA"],
  },
  "PREP-ARRIVE-CLEAN": {
    text: "Arrive with clean skin and no make-up. Tell us about all your medicines and supplements.",
    source: ["BLOG-SEEDS"],
  },
};
/** An aftercare entry's English patient text; the protocol's own words when it has none. */
export function aftercareTextEn(id: string, protocolText: string): string {
  return AFTERCARE_TEXTS_EN[id]?.text ?? protocolText;
}

/**
 * A checklist item's summary and text for an English e-mail: the checklist's dated line with the
 * step's patient text in place of the protocol's clinician words.
 */
export function prepItemEn(
  item: { id: string; summary: string; patientText: string },
  steps: readonly { id: string; daysBefore?: { min: number; max: number } | null }[],
): { summary: string; text: string } {
  const own = PREP_TEXTS_EN[item.id]?.text;
  if (own === undefined) return { summary: item.summary, text: item.patientText };
  const text = fillDays(own, steps.find((s) => s.id === item.id)?.daysBefore);
  return { summary: item.summary.replace(item.patientText, text), text };
}
