// The English messages of the questions page: loaded with that page, so the other public pages do not
// download them. Same rules as en.ts; `MessageKey` covers them.
export const enFaq = {
  // FAQ
  "faq.title": "Questions about microneedling",
  "faq.intro": "Answers taken from this clinic's treatment rules, with the sources they rest on.",
  "faq.what.q": "What is microneedling?",
  "faq.what.a":
    "A clinician passes a pen of very fine, sterile needles over the skin. The tiny channels start the skin's own repair, which builds new collagen over the following months.",
  "faq.hurt.q": "Does it hurt?",
  "faq.hurt.a":
    "A numbing cream goes on {min}–{max} minutes before we start, so most people feel only pressure or light scratching.",
  "faq.long.q": "How long does a session take?",
  "faq.long.a":
    "The needling itself takes {min}–{max} minutes; with numbing and aftercare, plan for about an hour and a half.",
  "faq.downtime.q": "Is there downtime?",
  "faq.downtime.a":
    "Redness like mild sunburn is expected. It usually settles within {redness} hours and can last up to {rednessUpTo} hours. Plan {downtime} hours of rest for your skin; most people go back to normal activities the next day.",
  "faq.sessions.q": "How many sessions will I need?",
  "faq.sessions.a":
    "For lines, texture or pigment: {gmin}–{gmax} sessions, {wmin}–{wmax} weeks apart. For scars and stretch marks: {smin}–{smax}. For deep acne scars: {dmin}–{dmax}. Maintenance every {mmin}–{mmax} months.",
  "faq.results.q": "When will I see results?",
  "faq.results.a":
    "The full effect shows {fmin}–{fmax} days (about 3 to 6 months) after the last session, and the skin can keep improving for up to {months} months. Some people notice a glow or a change within weeks, but no study has measured when, so we cannot promise it.",
  "faq.depth.q": "How deep do the needles go?",
  "faq.depth.a":
    "About {fineLines} mm for fine lines and up to {scars} mm for scars, never deeper than {overall} mm, and never on the eyelids.",
  "faq.makeup.q": "Can I wear make-up afterwards?",
  "faq.makeup.a":
    "Not for {makeUp} hours; after that, mineral make-up is fine. Avoid retinol, acids, and any direct sun or heat for {actives} hours (one week).",
  "faq.pregnancy.q": "Is microneedling safe during pregnancy?",
  "faq.pregnancy.a": "We wait until after pregnancy and breastfeeding: treatment is postponed, not refused.",
  "faq.avoid.q": "Who should not have microneedling?",
  "faq.avoid.a":
    "Our rules postpone treatment, need a doctor's agreement first, or rule it out in these cases:",
  "faq.avoid.safety":
    "Never stop a blood thinner or heart aspirin to be treated: stopping it can cause a stroke or a heart attack.",
  "faq.avoid.action.defer-until": "we postpone treatment.",
  "faq.avoid.action.decline": "we cannot offer microneedling.",
  "faq.avoid.action.physician-clearance": "a doctor must agree before treatment.",
  "faq.avoid.CI-PREGNANCY": "Pregnancy:",
  "faq.avoid.CI-BREASTFEEDING": "Breastfeeding:",
  "faq.avoid.CI-MINOR": "Under 18:",
  "faq.avoid.CI-KELOID":
    "Ever having had a keloid (a raised scar that grew beyond the wound), anywhere on the body:",
  "faq.avoid.CI-SKIN-CANCER-AREA": "Skin cancer where you want treatment:",
  "faq.avoid.CI-ALLERGY-STEEL-ANESTHETIC": "An allergy to nickel or other metals, or to numbing creams:",
  "faq.avoid.CI-BLEEDING-DISORDER": "A diagnosed bleeding disorder (for example haemophilia):",
  "faq.avoid.CI-BLEEDING-TENDENCY": "Bruising easily or bleeding for a long time, without a diagnosis:",
  "faq.avoid.CI-ANTITHROMBOTIC":
    "Taking a blood thinner, or aspirin for your heart, a stent or after a stroke, now or in the last week. Never stop these yourself; keep taking them as prescribed:",
  "faq.avoid.CI-ISOTRETINOIN-6M":
    "Isotretinoin tablets (Roaccutane, Accutane), or other retinoid tablets (acitretin, alitretinoin, bexarotene), now or in the last 6 months:",
  "faq.avoid.CI-RADIOTHERAPY-CURRENT": "Radiotherapy going on now:",
  "faq.avoid.CI-RADIOTHERAPY-AREA": "Radiotherapy in the past where you want treatment:",
  "faq.avoid.CI-ACTIVE-ACNE": "Active, inflamed spots where you want treatment:",
  "faq.avoid.CI-PSORIASIS-ACTIVE": "Psoriasis flaring where you want treatment:",
  "faq.avoid.CI-ECZEMA-MOD-SEVERE": "Moderate or severe eczema where you want treatment:",
  "faq.avoid.CI-ROSACEA-SEVERE": "Severe or flaring rosacea where you want treatment:",
  "faq.avoid.CI-OPEN-WOUND": "A cut, sore or broken skin where you want treatment:",
  "faq.avoid.CI-SKIN-INFECTION": "A skin infection or warts where you want treatment:",
  "faq.avoid.CI-HSV-ACTIVE": "A cold sore now, when the face is to be treated:",
  "faq.avoid.other": "Another reason your clinician will explain:",
  "faq.skinTypes.q": "Can it be done on all skin types?",
  "faq.skinTypes.a":
    "Yes, with care. Darker skin (types IV to VI) has a higher risk of dark patches after treatment. Daily sun protection is essential, and your clinician may test a small spot first.",
  "faq.home.q": "What is the difference between professional and at-home microneedling?",
  "faq.home.a":
    "Home rollers are usually sold at about {homeUse} mm or less. That figure is a convention, not a limit shown safe in research. They do not build collagen the way clinic treatment does, and pushing creams or serums through the tiny channels can cause lasting lumps (granulomas). Clinic treatment uses sterile single-use needles, at a depth set for each area.",
  "faq.infection.q": "Can microneedling cause infection or other problems?",
  "faq.infection.a":
    "Problems are uncommon. In the first days, call us for pain that gets worse, pus, a fever, blisters or a cold sore. Weeks or months later, call us for lumps or bumps that do not go away, or for dark patches. Our portal asks how you are on day 1, day 3 and after a week, and keeps these warning signs in view for your whole course and three months after.",
} as const;
