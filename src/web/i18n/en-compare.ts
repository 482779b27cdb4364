// The English messages of the comparison page: loaded with that page, so the other public pages do not
// download them. Same rules as en.ts; `MessageKey` covers them.
export const enCompare = {
  // Comparison
  "compare.title": "Microneedling compared",
  "compare.intro":
    "How microneedling differs from other skin treatments. Figures for microneedling come from this clinic's treatment rules; the others are typical ranges that vary between clinics and products.",
  "compare.row.depth": "How deep",
  "compare.row.mechanism": "How it works",
  "compare.row.downtime": "Downtime",
  "compare.row.sessions": "Sessions",
  "compare.row.suits": "Best for",
  "compare.row.skinTone": "Darker skin tones",
  "compare.row.cost": "Cost",
  "compare.microneedling.name": "Microneedling (in clinic)",
  "compare.microneedling.depth":
    "Up to {scars} mm for scars, about {fineLines} mm for fine lines, set per area",
  "compare.microneedling.mechanism":
    "Fine needles make tiny channels; the skin's own repair lays down new collagen. The surface is left largely intact.",
  "compare.microneedling.downtime":
    "Redness for about {redness} hours; plan {downtime} hours of rest for the skin",
  "compare.microneedling.sessions": "{min}–{max} sessions, {wmin}–{wmax} weeks apart; more for deep scars",
  "compare.microneedling.suits": "Acne and other scars, fine lines, texture and pores, stretch marks",
  "compare.microneedling.skinTone":
    "No heat or light, so it suits most skin tones. Darker skin still has a higher risk of dark patches afterwards: daily sun protection matters, and your clinician may test a small spot first.",
  "compare.microneedling.cost": "See our prices",
  "compare.peel.name": "Chemical peels",
  "compare.peel.depth": "Surface only (light peels) down to the middle layers of the skin (deep peels)",
  "compare.peel.mechanism": "An acid removes outer layers so that new skin replaces them",
  "compare.peel.downtime": "None to a few days for light peels; one to two weeks or more for deep peels",
  "compare.peel.sessions": "Light peels in a series; a deep peel once",
  "compare.peel.suits": "Dull skin, uneven tone, mild marks; less for deep scars",
  "compare.peel.skinTone":
    "Medium and deep peels carry a higher risk of dark or light patches on darker skin",
  "compare.peel.cost": "Light peels usually cost less per session; deep peels more",
  "compare.laser.name": "Laser resurfacing",
  "compare.laser.depth": "Surface to deep, depending on the laser",
  "compare.laser.mechanism": "Light energy heats or removes skin to trigger collagen renewal",
  "compare.laser.downtime": "Days (non-ablative) to a couple of weeks or more (ablative)",
  "compare.laser.sessions": "One (ablative) to several (non-ablative)",
  "compare.laser.suits": "Deeper wrinkles, scars, sun damage",
  "compare.laser.skinTone": "Higher risk of pigment change on darker skin with many lasers",
  "compare.laser.cost": "Usually the most expensive per session",
  "compare.dermaplaning.name": "Dermaplaning",
  "compare.dermaplaning.depth": "Surface only",
  "compare.dermaplaning.mechanism": "A blade scrapes away dead skin cells and fine hair",
  "compare.dermaplaning.downtime": "None",
  "compare.dermaplaning.sessions": "Repeated every few weeks",
  "compare.dermaplaning.suits": "Smoothness and glow; does not change scars or collagen",
  "compare.dermaplaning.skinTone": "Low risk on all skin tones",
  "compare.dermaplaning.cost": "Low per session",
  "compare.microdermabrasion.name": "Microdermabrasion",
  "compare.microdermabrasion.depth": "Surface only",
  "compare.microdermabrasion.mechanism": "Fine crystals or a diamond tip polish the outer layer",
  "compare.microdermabrasion.downtime": "None to a day of mild redness",
  "compare.microdermabrasion.sessions": "A series, then maintenance",
  "compare.microdermabrasion.suits": "Dullness and very mild texture; not deeper scars",
  "compare.microdermabrasion.skinTone": "Low risk on all skin tones",
  "compare.microdermabrasion.cost": "Low to moderate per session",
  "compare.roller.name": "At-home rollers",
  "compare.roller.depth":
    "Very shallow: often sold as about {homeUse} mm or less, a convention rather than a limit shown safe in research",
  "compare.roller.mechanism":
    "Short needles on a roller; too shallow to build collagen the way clinic treatment does",
  "compare.roller.downtime": "None to mild redness",
  "compare.roller.sessions": "Used at home, often weekly",
  "compare.roller.suits":
    "Not scars. Do not use a roller to push creams or serums into the skin: products pushed into needle channels can cause lasting lumps (granulomas).",
  "compare.roller.skinTone":
    "Infection and irritation risk if the roller is not kept clean or is used too hard",
  "compare.roller.cost": "Lowest: the price of the device",
  "compare.note":
    "Claims such as “no risk of pigmentation changes” or exact price ranges found online are not backed by the sources our rules rely on, so we do not repeat them.",
} as const;
