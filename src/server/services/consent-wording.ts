/**
 * The built-in consent forms, in English and Spanish, and which words a patient reads and signs: a
 * clinic that keeps the built-in wording gets it in the patient's language; a clinic that wrote its
 * own wording gets exactly its own words, in Spanish when it wrote a Spanish wording for that
 * version, otherwise in English (Remodel cannot translate a legal text it did not write), and the
 * patient is told the form exists only in English. The signed PDF and the signature record the
 * words shown and their language, so what was signed is never in doubt.
 */
import type { ConsentKind } from "../../db/repositories/consent.repository.ts";

export type ConsentLocale = "en" | "es";

export interface ConsentWording {
  title: string;
  body: string;
  /** The patient's language: the PDF's own labels and dates follow it. */
  locale: ConsentLocale;
  /** The language the title and body are in (English for a Spanish patient when no Spanish exists). */
  wordingLocale: ConsentLocale;
}

const BUILT_IN: Record<ConsentKind, Record<ConsentLocale, { title: string; body: string }>> = {
  microneedling: {
    en: {
      title: "Consent to microneedling (collagen induction therapy)",
      body: [
        "I agree to a course of microneedling by the clinic's licensed provider.",
        "What it involves: after numbing cream, a pen with fine sterile single-use needles makes tiny channels in the skin at depths chosen for each area of the face or body.",
        "What to expect: redness and swelling for up to a week, sometimes pinpoint bleeding during the treatment, and dryness or flaking as the skin heals.",
        "Possible risks: infection, a cold-sore flare, darker or lighter patches (more likely in darker skin), bumps or nodules (granulomatous reactions, linked to products not approved for needled skin), and, rarely, marks or scarring.",
        "I have told the clinic about my health, medicines and pregnancy or breastfeeding, and I will tell them about any change before each session.",
        "I can ask questions at any time and I can withdraw this consent before any session.",
      ].join("\n"),
    },
    es: {
      title: "Consentimiento para la micropunción (terapia de inducción de colágeno)",
      body: [
        "Acepto un tratamiento de micropunción realizado por el profesional autorizado de la clínica.",
        "En qué consiste: tras una crema anestésica, un dispositivo con agujas finas, estériles y de un solo uso hace canales diminutos en la piel, a la profundidad elegida para cada zona de la cara o del cuerpo.",
        "Qué esperar: rojez e hinchazón hasta una semana, a veces puntitos de sangre durante el tratamiento, y sequedad o descamación mientras la piel se cura.",
        "Posibles riesgos: infección, un brote de herpes labial, manchas más oscuras o más claras (más probables en la piel oscura), bultos o nódulos (reacciones granulomatosas, ligadas a productos no aprobados para la piel tratada con agujas) y, rara vez, marcas o cicatrices.",
        "He informado a la clínica de mi salud, mis medicamentos y de si estoy embarazada o dando el pecho, y le informaré de cualquier cambio antes de cada sesión.",
        "Puedo hacer preguntas en cualquier momento y retirar este consentimiento antes de cualquier sesión.",
      ].join("\n"),
    },
  },
  photo: {
    en: {
      title: "Consent to clinical photographs",
      body: [
        "I agree to standard photographs of the treated areas being taken before and during my course of treatment.",
        "Clinical record only: the photographs are kept in my clinical record to plan and follow my treatment, and are not shown to anyone outside my care team.",
        "Marketing (only if I choose it below): the clinic may also use the photographs, without my name, in its marketing.",
        "Location and camera details are removed from every photograph. I can withdraw this consent at any time; photographs already published cannot always be recalled.",
      ].join("\n"),
    },
    es: {
      title: "Consentimiento para fotografías clínicas",
      body: [
        "Acepto que se tomen fotografías estándar de las zonas tratadas antes y durante mi tratamiento.",
        "Solo historia clínica: las fotografías se guardan en mi historia clínica para planificar y seguir mi tratamiento, y no se muestran a nadie fuera de mi equipo de atención.",
        "Publicidad (solo si lo elijo abajo): la clínica también puede usar las fotografías, sin mi nombre, en su publicidad.",
        "Se eliminan de cada fotografía la ubicación y los datos de la cámara. Puedo retirar este consentimiento en cualquier momento; las fotografías ya publicadas no siempre se pueden retirar.",
      ].join("\n"),
    },
  },
};

/** The built-in English forms: version 1 of a clinic's templates. */
export const DEFAULT_TEMPLATES: { kind: ConsentKind; title: string; body: string }[] = (
  ["microneedling", "photo"] as const
).map((kind) => ({ kind, ...BUILT_IN[kind].en }));

/** The words a patient reading `locale` is shown and signs for this template. */
export function consentWording(
  template: {
    kind: ConsentKind;
    title: string;
    body: string;
    titleEs?: string | null;
    bodyEs?: string | null;
  },
  locale: string | null | undefined,
): ConsentWording {
  const patientLocale: ConsentLocale = locale === "es" ? "es" : "en";
  const english: ConsentWording = {
    title: template.title,
    body: template.body,
    locale: patientLocale,
    wordingLocale: "en",
  };
  if (patientLocale === "en") return english;
  if (template.titleEs && template.bodyEs) {
    return { title: template.titleEs, body: template.bodyEs, locale: "es", wordingLocale: "es" };
  }
  const builtIn = BUILT_IN[template.kind];
  const isBuiltIn = builtIn.en.title === template.title && builtIn.en.body === template.body;
  if (isBuiltIn) return { ...builtIn.es, locale: "es", wordingLocale: "es" };
  return english;
}

/**
 * The Spanish a Spanish-reading patient is shown for a version: the clinic's own, or the built-in
 * translation when the version is the built-in English; null when there is none.
 */
export function spanishOf(template: {
  kind: ConsentKind;
  title: string;
  body: string;
  titleEs?: string | null;
  bodyEs?: string | null;
}): { titleEs: string; bodyEs: string } | null {
  const words = consentWording(template, "es");
  return words.wordingLocale === "es" ? { titleEs: words.title, bodyEs: words.body } : null;
}
