// The English patient paragraph of each aftercare entry of the shipped protocol, in plain
// words, kept once: the e-mails use it (protocol-texts-en.ts) and the web's catalogue takes it in
// as `aftercare.advice.<id>`. A module of its own, so a page loads only the texts it shows.
export const AFTERCARE_TEXTS_EN = {
  "AC-ERYTHEMA-EXPECTED":
    "Redness like mild sunburn, mild swelling, tightness and pinpoint bleeding are expected. They usually settle within 24–48 hours, and can last up to 72 hours.",
  "AC-DOWNTIME": "Give your skin 48–72 hours of rest; most people go back to normal activities the next day.",
  "AC-NO-MAKEUP": "No make-up for 24 hours; after that, mineral make-up is fine.",
  "AC-NO-SWEAT-EXERCISE": "No hard exercise, sweating, sauna or swimming for 24 hours.",
  "AC-GENTLE-SKINCARE":
    "Use only a gentle cleanser and a plain moisturiser (or the gel the clinic gave you). Do not pick or scrub.",
  "AC-NO-ACTIVES":
    "No retinol or other retinoids, acids (AHA/BHA), exfoliants or other strong products for 7 days.",
  "AC-NO-SUN": "Keep out of direct sun and heat for 7 days.",
  "AC-SPF-DAILY":
    "From tomorrow, use a broad-spectrum sunscreen every day. This matters most for darker skin, which marks more easily.",
  "AC-RESUME-ROUTINE":
    "After 7 days, if your skin is calm, you can go back to your usual skincare, retinoids included.",
  "AC-WARNING-SIGNS":
    "Call the clinic for pain that gets worse, pus, a fever, blisters or a cold sore, lumps or bumps that do not go away, or dark patches.",
  "AC-NEXT-SESSION": "Your next session is due 4–6 weeks after this one.",
} as const satisfies Readonly<Record<string, string>>;
