// The English message catalogue of the public pages (the signed-in areas' messages are in
// en-app.ts, loaded with those areas). A clinic translates by copying this file
// (same keys) and pointing src/web/i18n/index.ts at it. `{name}` marks a value filled in at run time.
import { PREP_TEXTS_EN } from "../../domain/patient/prep-texts-en.ts";
import { prefixed } from "./prefixed.ts";

export const en = {
  // Site navigation
  "nav.selfCheck": "Am I a candidate?",
  "nav.compare": "Compare treatments",
  "nav.faq": "Questions",
  "nav.prices": "Prices",
  "common.loading": "Loading…",
  "common.loadFailed": "This could not be loaded. Check your connection and try again.",
  "common.sources": "Sources",
  "common.protocolVersion": "Rules version: {version}",
  "common.sourceNumbers": "Sources: {numbers}",
  "common.sourcesList": "Where our figures come from",
  "common.language": "Language",
  "common.language.en": "English",
  "common.language.es": "Español",
  "common.book": "Book a consultation",
  "layout.home": "{name} home",
  "layout.brand": "Microneedling clinic",
  "layout.mainNav": "Main",
  "layout.staffApp": "Staff app",
  "layout.myAppointments": "My appointments",
  "layout.signIn": "Sign in",
  "layout.tagline": "Collagen induction therapy, planned and followed by licensed clinicians.",
  "layout.contact": "Contact",
  "layout.contactLoading": "Contact details are loading…",
  "layout.accounts": "Accounts",
  "layout.patientPortal": "Patient portal",
  "layout.staffSignIn": "Staff sign-in",
  "layout.disclaimer":
    "Information on this site is general. Whether microneedling suits you is decided with a clinician at your consultation.",
  "layout.signOut": "Sign out",
  "common.back": "Back",
  "common.next": "Next",
  "common.yes": "Yes",
  "common.no": "No",

  // Self-check
  "selfCheck.title": "Am I a candidate for microneedling?",
  "selfCheck.intro":
    "Answer a few questions to see whether microneedling could suit you. Your answers stay on this phone: nothing is sent unless you choose to book.",
  "selfCheck.step": "Step {n} of {total}",
  "selfCheck.step.concerns": "What would you like to treat?",
  "selfCheck.step.about": "About you",
  "selfCheck.step.health": "Your skin and health",
  "selfCheck.step.medicines": "Medicines",
  "selfCheck.step.when": "When would you like to start?",
  "selfCheck.concerns.label": "Choose all that apply",
  "selfCheck.areas.label": "Where?",
  "selfCheck.area.face": "Face",
  "selfCheck.area.neck": "Neck",
  "selfCheck.area.scalp": "Scalp",
  "selfCheck.area.body": "Body (chest, arms, legs, tummy)",
  "selfCheck.concern.rhytides": "Fine lines and wrinkles",
  "selfCheck.concern.texture-pores": "Uneven texture or large pores",
  "selfCheck.concern.dyschromia": "Dark patches or sun damage",
  "selfCheck.concern.acne-scars": "Acne scars",
  "selfCheck.concern.other-atrophic-scars": "Other scars (surgery, injury, burns)",
  "selfCheck.concern.striae": "Stretch marks",
  "selfCheck.concern.alopecia": "Thinning hair",
  "selfCheck.age": "Your age",
  "selfCheck.sex": "Sex",
  "selfCheck.sex.female": "Female",
  "selfCheck.sex.male": "Male",
  "selfCheck.sex.other": "Other",
  "selfCheck.pregnant": "Are you pregnant?",
  "selfCheck.breastfeeding": "Are you breastfeeding?",
  "selfCheck.notApplicable": "Does not apply",
  "selfCheck.skinType": "How does your skin react to the sun?",
  "selfCheck.skin.I": "Always burns, never tans",
  "selfCheck.skin.II": "Usually burns, tans a little",
  "selfCheck.skin.III": "Sometimes burns, tans evenly",
  "selfCheck.skin.IV": "Rarely burns, tans easily",
  "selfCheck.skin.V": "Very rarely burns, tans very easily",
  "selfCheck.skin.VI": "Never burns",
  "selfCheck.health.label": "Tick anything that applies to you",
  "selfCheck.health.keloid": "I have had a keloid (a raised scar that grew beyond the wound)",
  "selfCheck.health.coldSoreNow": "I have a cold sore right now",
  "selfCheck.health.coldSoreHistory": "I get cold sores from time to time",
  "selfCheck.health.bleedingDisorder": "I have a diagnosed bleeding disorder (for example haemophilia)",
  "selfCheck.health.easyBruising": "I bruise easily or bleed for a long time",
  "selfCheck.health.skinCancerInArea": "I have skin cancer where I want treatment",
  "selfCheck.health.allergySteel":
    "I am allergic to nickel or other metals (for example, cheap jewellery or a watch strap gives me a rash)",
  "selfCheck.health.allergyAnaesthetic": "I am allergic to numbing creams or local anaesthetics",
  "selfCheck.health.radiotherapyNow": "I am having radiotherapy now",
  "selfCheck.health.radiotherapyPastInArea": "I had radiotherapy where I want treatment",
  "selfCheck.health.activeAcneInArea": "I have active, inflamed spots where I want treatment",
  "selfCheck.health.psoriasisInArea": "I have psoriasis flaring where I want treatment",
  "selfCheck.health.infectionInArea": "I have a skin infection or warts where I want treatment",
  "selfCheck.health.woundInArea": "I have a cut, sore or broken skin where I want treatment",
  "selfCheck.graded.eczemaInArea": "Eczema where you want treatment",
  "selfCheck.graded.rosaceaInArea": "Rosacea where you want treatment",
  "selfCheck.extent.none": "None",
  "selfCheck.extent.mild": "Mild",
  "selfCheck.extent.moderate": "Moderate",
  "selfCheck.extent.severe": "Severe or flaring",
  "selfCheck.isotretinoin": "Have you taken isotretinoin tablets (Roaccutane, Accutane)?",
  "selfCheck.isotretinoin.never": "No, never",
  "selfCheck.isotretinoin.now": "Yes, I take it now",
  "selfCheck.isotretinoin.stopped": "Yes, but I have stopped",
  "selfCheck.isotretinoinLastDose": "Date of the last tablet",
  "selfCheck.medicines.label": "Do you take any of these?",
  "selfCheck.medicines.bloodThinner":
    "A blood thinner a doctor prescribed (for example warfarin, apixaban, rivaroxaban, clopidogrel, or aspirin on prescription)",
  "selfCheck.medicines.topicalRetinoid": "Retinol, tretinoin or acid (AHA/BHA) creams",
  "selfCheck.medicines.painkillerNsaid": "Ibuprofen, naproxen or another anti-inflammatory painkiller",
  "selfCheck.medicines.aspirin": "Aspirin, at any dose",
  "selfCheck.aspirinReason": "Why do you take aspirin?",
  "selfCheck.aspirinReason.pain": "Now and then, for pain, a fever or a headache",
  "selfCheck.aspirinReason.heart":
    "For my heart, a stent, or after a stroke or a blood clot (even if I buy it myself)",
  "selfCheck.aspirinReason.unsure": "I am not sure why",
  "selfCheck.medicines.note":
    "Never stop a blood thinner, or aspirin for your heart, for this treatment. If a doctor prescribed a painkiller or a skin medicine, ask them before you stop it.",
  "selfCheck.startDate": "Preferred date of the first session (leave empty for as soon as possible)",
  "selfCheck.seeResult": "See my result",
  "selfCheck.startAgain": "Start again",
  "selfCheck.change": "Change my answers",
  "selfCheck.problemsTitle": "Please check these answers",
  "selfCheck.problem.missing": "Please answer this question.",
  "selfCheck.problem.male-pregnant":
    "You said you are male and pregnant. Please check your answer to the question about sex or pregnancy.",
  "selfCheck.problem.male-breastfeeding":
    "You said you are male and breastfeeding. Please check your answer to the question about sex or breastfeeding.",
  "selfCheck.problem.cold-sore-both":
    "You have a cold sore now but said you never get them. Please check the cold sore answers.",
  "selfCheck.problem.age-range": "Please give your age in years, as a whole number.",
  "selfCheck.problem.date-invalid": "This is not a date in the calendar.",
  "selfCheck.problem.date-future": "The last tablet cannot be in the future.",
  "selfCheck.problem.date-past": "The preferred date cannot be in the past.",
  "selfCheck.problem.area-not-treated":
    "“{concern}” is not treated in the area you chose. Choose another area.",
  "selfCheck.problem.unknown-concern": "This treatment goal is not offered.",
  "selfCheck.result.title": "Your result",
  "selfCheck.result.eligible": "Microneedling looks suitable for you",
  "selfCheck.result.eligible.text":
    "Nothing in your answers rules it out. A clinician confirms this at your consultation, after looking at your skin.",
  "selfCheck.result.defer": "Not yet: microneedling should wait",
  "selfCheck.result.defer.dated": "From {date} it could go ahead, if nothing else changes.",
  "selfCheck.result.defer.undated": "It can go ahead once the reason below has passed.",
  "selfCheck.result.needs-physician-clearance": "Possible, with a doctor's agreement first",
  "selfCheck.result.needs-physician-clearance.text":
    "One of your answers means a doctor must agree before treatment. We can arrange this after your consultation.",
  "selfCheck.result.decline": "Microneedling is not suitable for you",
  "selfCheck.result.decline.text":
    "One of your answers means microneedling would not be safe. A consultation can still help you find another option.",
  "selfCheck.result.why": "Why",
  "selfCheck.result.cautions": "Good to know",
  "selfCheck.result.prep": "Before a session",
  "selfCheck.result.plan": "A typical course for you: {min}–{max} sessions, {wmin}–{wmax} weeks apart.",
  "selfCheck.result.disclaimer":
    "This is a first check from your own answers, not a medical decision. Nothing has been sent to the clinic.",
  "selfCheck.result.bookTitle": "Talk it through at a free consultation",
  "selfCheck.result.bookText":
    "Your answers will be carried to the booking page, so you do not have to give them twice.",
  "selfCheck.carried":
    "We have your self-check answers from this phone; the clinician will go through them with you.",

  // What a screening says to the patient, per rule: the situation, then what it means
  "explain.action.decline": "We cannot offer you microneedling.",
  "explain.action.physician-clearance": "A doctor needs to agree before we can book your treatment.",
  "explain.action.defer-until.dated": "Treatment has to wait: the earliest date is {date}.",
  "explain.action.defer-until.undated": "Treatment has to wait. We will check again when this has passed.",
  "explain.action.caution": "Your clinician will take extra care and talk this through with you.",
  "explain.CI-PREGNANCY": "You are pregnant.",
  "explain.CI-BREASTFEEDING": "You are breastfeeding.",
  "explain.CI-MINOR": "Microneedling here is for adults aged 18 and over.",
  "explain.CI-KELOID": "You have had a keloid, a raised scar that grew beyond the wound.",
  "explain.CI-SKIN-CANCER-AREA": "You have skin cancer where you want treatment.",
  "explain.CI-ALLERGY-STEEL-ANESTHETIC":
    "You are allergic to nickel or other metals, or to numbing creams, which the treatment uses.",
  "explain.CI-BLEEDING-DISORDER": "You have a diagnosed bleeding disorder.",
  "explain.CI-BLEEDING-TENDENCY": "You bruise easily or bleed for a long time.",
  "explain.CI-ANTITHROMBOTIC":
    "You take a blood thinner, or aspirin for your heart, a stent or after a stroke. Keep taking it: never stop it for this treatment.",
  "explain.CI-ISOTRETINOIN-6M":
    "You take isotretinoin or another retinoid as tablets (acitretin, alitretinoin, bexarotene), or took them in the last 6 months.",
  "explain.CI-RADIOTHERAPY-CURRENT": "You are having radiotherapy now.",
  "explain.CI-RADIOTHERAPY-AREA": "You had radiotherapy where you want treatment.",
  "explain.CI-ACTIVE-ACNE": "You have active, inflamed spots where you want treatment.",
  "explain.CI-PSORIASIS-ACTIVE": "You have psoriasis flaring where you want treatment.",
  "explain.CI-ECZEMA-MOD-SEVERE": "You have moderate or severe eczema where you want treatment.",
  "explain.CI-ROSACEA-SEVERE": "You have severe or flaring rosacea where you want treatment.",
  "explain.CI-OPEN-WOUND": "You have a cut, sore or broken skin where you want treatment.",
  "explain.CI-SKIN-INFECTION": "You have a skin infection where you want treatment.",
  "explain.CI-HSV-ACTIVE": "You have a cold sore now, and the face is to be treated.",
  "explain.CAU-FITZPATRICK-IV-VI":
    "Your skin type has a higher risk of dark patches after treatment. Daily sun protection is essential, and your clinician may test a small spot first.",
  "explain.CAU-HSV-HISTORY":
    "You get cold sores, and needling the face can bring one on. See “Before a session” about an antiviral medicine.",
  "explain.CAU-ECZEMA-MILD-OR-ELSEWHERE":
    "You have eczema. Your clinician will check the skin and may treat more gently.",
  "explain.CAU-PSORIASIS-KOEBNER":
    "You have psoriasis. Needling can set off new patches, so your clinician will watch for this.",
  "explain.CAU-ROSACEA-MILD-MODERATE":
    "You have rosacea. Your clinician will treat gently and watch for a flare.",
  "explain.CAU-SKINPEN-AGE":
    "The pen most clinics use was tested on acne scars in adults aged 22 and over; your clinician will explain what this means for you.",
  "explain.excludedZone": "{zone}: this area cannot be needled safely, so it is left out of your plan.",
  "explain.zone.eyelid": "The eyelids",
  "faq.selfCheckLink": "Check whether it suits you",

  // Prices
  "prices.title": "Prices",
  "prices.intro": "What a visit costs at {clinic}. Your plan's total price is agreed at the consultation.",
  "prices.free": "Free",
  "prices.minutes.one": "{n} minute",
  "prices.minutes.other": "{n} minutes",
  "prices.kind.consultation": "Consultation",
  "prices.kind.microneedling": "Treatment",
  "prices.kind.review": "Review",
  "prices.none": "Prices are not published yet. Please ask the clinic.",
  "prices.course": "A course is usually {min}–{max} sessions.",
  "prep.stop": "Stop {names}.",
  "prep.askPrescriber":
    "{names}: a doctor prescribed this, so ask them before you stop it. If they say to keep taking it, tell the clinic.",
  "prep.keep": "{names}: keep taking it.",
  ...prefixed("prep.", PREP_TEXTS_EN),

  // Booking: what the self-check carried
  // Every area: session checks, a page that failed, a page not found
  "common.somethingWrong": "Something went wrong",
  "common.updated": "Remodel has been updated",
  "common.reloadLatest": "Reload the page to get the latest version.",
  "common.pageFailed":
    "This page could not be shown. Reloading usually helps; if not, please tell the clinic.",
  "common.reload": "Reload the page",
  "notFound.title": "Page not found",
  "notFound.heading": "This page does not exist",
  "notFound.text": "The link may be old, or the address mistyped.",
  "notFound.home": "Go to the home page",

  // Scheduling: the self-check sent with a booking, physician clearance, owner set-up additions
  "checkIn.result.red-flag.closedTitle": "The clinic is closed now",
  "checkIn.result.red-flag.closedText":
    "Some of your answers can be signs of a problem that needs a clinician soon. We have alerted the clinic, and they will contact you when they open. Until then, this is what the clinic advises:",
  "nav.menu": "Menu",
  // Portal: the patient's own account (password, sessions, calendar)
  // Intake questionnaire (portal and staff entry)
  // Public booking page: the steps, the details form, the booked page
} as const;

/** Every message key: the public pages' (above) and the signed-in areas' (en-app.ts). */
export type MessageKey =
  | keyof typeof en
  | keyof typeof import("./en-app.ts").enApp
  | keyof typeof import("./en-home.ts").enHome
  | keyof typeof import("./en-compare.ts").enCompare
  | keyof typeof import("./en-faq.ts").enFaq
  | keyof typeof import("./en-book.ts").enBook
  | keyof typeof import("./en-date-field.ts").enDateField;
