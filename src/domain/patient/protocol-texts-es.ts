/**
 * The protocol's patient paragraphs in Spanish, for what the server writes itself (e-mails): each
 * aftercare entry and preparation step of the shipped ruleset, in the same plain words as the
 * portal's Spanish catalogue, carrying the same sources as the protocol entry it translates (a
 * test holds them together). An entry a clinic added itself has no Spanish text here: it stays in
 * the clinic's own words.
 */

export interface PatientText {
  /** `{min}` and `{max}` are the step's days before the session. */
  text: string;
  /** The protocol entry's source ids, as the English entry lists them. */
  source: readonly string[];
}

export const AFTERCARE_TEXTS_ES: Readonly<Record<string, PatientText>> = {
  "AC-ERYTHEMA-EXPECTED": {
    text: "Es normal tener rojez como una quemadura solar leve, algo de hinchazón, tirantez y puntitos de sangre. Suelen desaparecer en 24–48 horas y pueden durar hasta 72 horas.",
    source: ["BLOG-SEEDS", "CHU-2021"],
  },
  "AC-DOWNTIME": {
    text: "Deja descansar la piel 48–72 horas; la mayoría de las personas vuelve a su vida normal al día siguiente.",
    source: ["BLOG-SEEDS"],
  },
  "AC-NO-MAKEUP": {
    text: "Nada de maquillaje durante 24 horas; después, el maquillaje mineral está bien.",
    source: ["BLOG-SEEDS"],
  },
  "AC-NO-SWEAT-EXERCISE": {
    text: "Nada de ejercicio intenso, sudar, sauna ni piscina durante 24 horas.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "AC-GENTLE-SKINCARE": {
    text: "Usa solo un limpiador suave y una crema hidratante sencilla (o el gel que te dio la clínica). No te toques ni frotes.",
    source: ["BLOG-SEEDS"],
  },
  "AC-NO-ACTIVES": {
    text: "Nada de retinol ni otros retinoides, ácidos (AHA/BHA), exfoliantes u otros productos fuertes durante 7 días.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "AC-NO-SUN": {
    text: "Evita el sol directo y el calor durante 7 días.",
    source: ["BLOG-SEEDS"],
  },
  "AC-SPF-DAILY": {
    text: "Desde mañana, usa todos los días un protector solar de amplio espectro. Es aún más importante en la piel más oscura, que se mancha con más facilidad.",
    source: ["BLOG-SEEDS", "COHEN-ELBULUK-2016"],
  },
  "AC-RESUME-ROUTINE": {
    text: "A los 7 días, si tu piel está tranquila, puedes volver a tu rutina habitual, retinoides incluidos.",
    source: ["BLOG-SEEDS"],
  },
  "AC-WARNING-SIGNS": {
    text: "el dolor empeora, hay pus, fiebre, ampollas o un herpes labial, bultos que no desaparecen o manchas oscuras.",
    source: ["CHU-2021", "SOLTANI-2014", "FRIEDMANN-2024", "CASSIANO-MELASMA"],
  },
  "AC-NEXT-SESSION": {
    text: "Tu próxima sesión toca 4–6 semanas después de esta.",
    source: ["BLOG-SEEDS"],
  },
};

export const PREP_TEXTS_ES: Readonly<Record<string, PatientText>> = {
  "PREP-NSAID-STOP": {
    text: "Deja el ibuprofeno, el naproxeno y otros analgésicos antiinflamatorios, y la aspirina que tomas de vez en cuando para el dolor, {min}–{max} días antes de tu sesión. Nunca dejes la aspirina ni un anticoagulante que tomes por el corazón, un stent, un ictus o un coágulo.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "PREP-TOPICAL-RETINOID-STOP": {
    text: "Deja el retinol, la tretinoína y otras cremas con retinoides, y los productos con ácidos o exfoliantes, {max} días antes de tu sesión.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "PREP-UV-EXPOSURE": {
    text: "No tomes el sol ni te broncees (tampoco con rayos UVA) durante los {max} días anteriores a tu sesión. Te cambiaremos la cita si llegas quemado por el sol o recién bronceado.",
    source: ["BLOG-SEEDS", "CLINIC-PREP-PAGES"],
  },
  "PREP-ANTITHROMBOTIC-DO-NOT-STOP": {
    text: "Sigue tomando tu anticoagulante o la aspirina para el corazón exactamente como te lo recetaron. No lo dejes por este tratamiento. Contactaremos con tu médico antes de tu sesión.",
    source: ["PALAMARAS-2015", "TRAGER-2025", "UCSD-ANTICOAG-DERM"],
  },
  "PREP-HSV-PROPHYLAXIS": {
    text: "Has tenido calenturas antes. Pregunta al médico que te receta si debes tomar un antiviral, empezando 1–2 días antes de tu sesión.",
    source: ["CLINIC-PREP-PAGES", "CASSIANO-MELASMA"],
  },
  "PREP-ARRIVE-CLEAN": {
    text: "Ven con la piel limpia y sin maquillaje. Cuéntanos todos tus medicamentos y suplementos.",
    source: ["BLOG-SEEDS"],
  },
};

/** An aftercare entry's Spanish text; the protocol's own words when it has none. */
export function aftercareTextEs(id: string, english: string): string {
  return AFTERCARE_TEXTS_ES[id]?.text ?? english;
}

/** A preparation step's Spanish text with its days filled in; the protocol's own words when it has none. */
export function prepTextEs(
  id: string,
  english: string,
  daysBefore: { min: number; max: number } | null | undefined,
): string {
  const text = PREP_TEXTS_ES[id]?.text;
  return text === undefined ? english : fillDays(text, daysBefore);
}

/** A preparation text with the step's days before the session in place of `{min}` and `{max}`. */
export function fillDays(text: string, daysBefore: { min: number; max: number } | null | undefined): string {
  return text.replace("{min}", String(daysBefore?.min ?? "")).replace("{max}", String(daysBefore?.max ?? ""));
}

/**
 * The dated line of a preparation step in Spanish ("Desde el lun, 1 dic 2026: …"), the
 * counterpart of the checklist's English summary. `own` are the medicines the patient takes on
 * their own, `prescribed` those a doctor prescribed (ask them before stopping).
 */
export function prepSummaryEs(v: {
  kind: string;
  text: string;
  own: readonly string[];
  prescribed: readonly string[];
  date: string;
}): string {
  const all = [...v.own, ...v.prescribed];
  switch (v.kind) {
    case "stop-medication": {
      if (all.length === 0) return `Desde el ${v.date}: ${v.text}`;
      const parts = [
        v.own.length > 0 ? `Deja ${v.own.join(", ")} desde el ${v.date}.` : null,
        v.prescribed.length > 0
          ? `${v.prescribed.join(", ")}: te lo recetó un médico, así que pregúntale antes de dejarlo (desde el ${v.date} si está de acuerdo).`
          : null,
      ];
      return `${parts.filter((p) => p !== null).join(" ")} ${v.text}`;
    }
    case "keep-taking":
    case "standing":
      return all.length > 0 ? `${all.join(", ")}: ${v.text}` : v.text;
    case "day-of":
      return `El ${v.date}: ${v.text}`;
    default:
      return `Desde el ${v.date}: ${v.text}`;
  }
}

/** A checklist item's summary and text for a Spanish e-mail (dates through `Intl`, es-ES). */
export function prepItemEs(
  item: {
    id: string;
    kind: string;
    date: string;
    medications: readonly string[];
    prescribedMedications: readonly string[];
    patientText: string;
  },
  steps: readonly { id: string; daysBefore?: { min: number; max: number } | null }[],
): { summary: string; text: string } {
  const step = steps.find((s) => s.id === item.id);
  const text = prepTextEs(item.id, item.patientText, step?.daysBefore ?? null);
  const [y, m, d] = item.date.split("-").map(Number);
  const date = new Intl.DateTimeFormat("es-ES", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
  const prescribed = item.prescribedMedications;
  const own = item.medications.filter((n) => !prescribed.includes(n));
  return { summary: prepSummaryEs({ kind: item.kind, text, own, prescribed, date }), text };
}
