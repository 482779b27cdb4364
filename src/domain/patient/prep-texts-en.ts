// The English patient paragraph of each preparation step of the shipped protocol, in plain
// words, kept once: the e-mails use it (protocol-texts-en.ts) and the web's catalogue takes it in
// as `prep.<id>`. A module of its own, so a page loads only the texts it shows. `{min}` and `{max}` are
// the step's days before the session.
export const PREP_TEXTS_EN = {
  "PREP-NSAID-STOP":
    "Pause ibuprofen, naproxen and other anti-inflammatory painkillers, and aspirin you take now and then for pain, {min}–{max} days before your session. Never stop aspirin or a blood thinner taken for your heart, a stent, a stroke or a clot.",
  "PREP-TOPICAL-RETINOID-STOP":
    "Stop retinol, tretinoin and other retinoid creams, and acid or exfoliating products, {max} days before your session.",
  "PREP-UV-EXPOSURE":
    "Keep out of the sun and do not tan (tanning beds included) for {max} days before your session. We will rebook you if you arrive sunburnt or freshly tanned.",
  "PREP-ANTITHROMBOTIC-DO-NOT-STOP":
    "Keep taking your blood thinner or heart aspirin exactly as prescribed. Do not stop it for this treatment. We will contact your doctor before your session.",
  "PREP-HSV-PROPHYLAXIS":
    "You have had cold sores before. Ask the doctor who prescribes for you whether to take an antiviral medicine, starting 1–2 days before your session.",
  "PREP-ARRIVE-CLEAN":
    "Arrive with clean skin and no make-up. Tell us about all your medicines and supplements.",
} as const satisfies Readonly<Record<string, string>>;
