// The English messages of the home page: loaded with that page, so the other public pages do not
// download them. Same rules as en.ts; `MessageKey` covers them.
export const enHome = {
  // Home page
  "home.title": "{clinic} · Microneedling and collagen induction therapy",
  "home.badge": "Collagen induction therapy",
  "home.heading": "Smoother, firmer skin, made by your own collagen",
  "home.lead":
    "Microneedling uses fine, sterile needles to make thousands of tiny channels in the skin. Your skin repairs them by building new collagen, and that repair is what softens scars, lines and uneven texture, gradually.",
  "home.howCourse": "How a course works",
  "home.glance": "At a glance",
  "home.glance.session": "Session",
  "home.glance.sessionText":
    "{nmin}–{nmax} minutes of needling, after {amin}–{amax} minutes of numbing cream",
  "home.glance.course": "Course",
  "home.glance.courseText": "Usually {min}–{max} sessions, {wmin}–{wmax} weeks apart",
  "home.glance.downtime": "Downtime",
  "home.glance.downtimeText":
    "Redness like mild sunburn, usually gone within {redness} hours (up to {rednessUpTo})",
  "home.glance.who": "Who treats you",
  "home.glance.whoText": "Physicians, nurses and licensed aestheticians",
  "home.what.title": "What microneedling is",
  "home.what.text":
    "A pen-like device glides over the skin, making tiny controlled punctures at a depth your clinician chooses: shallow for fine lines, deeper for scars. The surface of the skin stays largely intact, so it heals quickly, while the repair it sets off goes on for months.",
  "home.healing.inflammation": "Inflammation",
  "home.healing.inflammation.when": "First days",
  "home.healing.inflammation.text": "The skin reacts to each tiny channel and starts its repair.",
  "home.healing.proliferation": "New collagen",
  "home.healing.proliferation.when": "Weeks 1–8",
  "home.healing.proliferation.text": "Repair cells lay down fresh collagen.",
  "home.healing.remodeling": "Remodelling",
  "home.healing.remodeling.when": "Up to about 12 months",
  "home.healing.remodeling.text": "The new collagen matures and the skin firms up.",
  "home.suits.title": "Who it suits",
  "home.suits.text":
    "Adults who want gradual improvement in their skin's texture and firmness, on the face, neck, scalp or body.",
  "home.concern.acne": "Acne scars",
  "home.concern.acne.text": "Rolling and boxcar scars can soften as new collagen forms beneath them.",
  "home.concern.lines": "Fine lines and wrinkles",
  "home.concern.lines.text": "Firmer, thicker skin around the eyes, mouth and forehead.",
  "home.concern.texture": "Pores and texture",
  "home.concern.texture.text": "A smoother surface and a more even tone.",
  "home.concern.striae": "Stretch marks",
  "home.concern.striae.text": "Stretch marks can blend a little more with the skin around them.",
  "home.concern.sun": "Sun damage",
  "home.concern.sun.text": "Dull, uneven, sun-worn skin can regain some clarity.",
  "home.concern.tone": "Skin tones",
  "home.concern.tone.text":
    "No heat or light is used, so it suits most skin tones. Darker skin still has a higher risk of dark patches afterwards, so daily sun protection matters.",
  "home.wait.title": "When we postpone or cannot offer treatment",
  "home.wait.postpone":
    "We postpone treatment for pregnancy or breastfeeding; active acne, eczema, psoriasis, a skin infection or a cold sore in the area; or isotretinoin tablets in the last six months.",
  "home.wait.decline":
    "We cannot offer it if you have ever had a keloid (a raised scar that grew beyond the wound), have a bleeding disorder, are allergic to nickel or numbing creams, or have skin cancer in the area.",
  "home.wait.bloodThinner":
    "If you take a blood thinner, or aspirin for your heart, a doctor must agree first. Never stop it for this treatment.",
  "home.wait.consult":
    "Your clinician goes through your health at the consultation, so you never decide this alone.",
  "home.course.title": "What a course looks like",
  "home.course.text":
    "Collagen takes time to build, so microneedling is planned as a series, each session {wmin}–{wmax} weeks after the last.",
  "home.course.consultation": "Consultation",
  "home.course.consultation.text":
    "A free visit: we look at your skin, go through your health and medicines, and agree a plan.",
  "home.course.preparation": "Preparation",
  "home.course.preparation.text":
    "A dated checklist for the days before, such as pausing retinoid creams and exfoliating acids for a week.",
  "home.course.sessions": "Treatment sessions",
  "home.course.sessions.text":
    "Usually {min}–{max} sessions. Numbing cream first, then {nmin}–{nmax} minutes of needling, then a sterile hyaluronic-acid gel made for freshly needled skin.",
  "home.course.aftercare": "Aftercare",
  "home.course.aftercare.text":
    "Redness and tightness usually settle within a few days. Gentle skincare, no make-up for a day, no direct sun for a week, sunscreen every day.",
  "home.course.results": "Results",
  "home.course.results.text":
    "The full effect shows 3 to 6 months after the last session and can keep improving for up to a year.",
  "home.start.title": "Start with a conversation",
  "home.start.text": "Consultations are free and there is no obligation to go ahead.",
} as const;
