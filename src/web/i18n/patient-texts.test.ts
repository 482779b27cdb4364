// What patients read: each statement corrected in the review of patient texts is pinned here, and
// the whole patient catalogue is held to the rules (no rule ids, codes, hashes or Latin).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { publicFacts } from "../../domain/patient/public-facts.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { protocolVersion } from "../../domain/protocol/protocol.ts";
import { allEnglish as en } from "./all-english.ts";

import { isPatientKey } from "./patient-keys.ts";

const protocol = defaultProtocol();
const facts = publicFacts(protocol, protocolVersion(protocol));
const text = (key: keyof typeof en) => en[key];

describe("the FAQ's list of who should not have microneedling", () => {
  test("every rule that postpones or rules out treatment has its own patient text, never its label", () => {
    assert.ok(facts.contraindications.value.length > 10);
    for (const rule of facts.contraindications.value) {
      const key = `faq.avoid.${rule.id}` as keyof typeof en;
      assert.ok(key in en, `${rule.id} has no patient text`);
      const label = protocol.contraindications.find((r) => r.id === rule.id)?.label ?? "";
      // One-word labels ("Pregnancy") may match; a clinician's longer label never appears whole.
      if (label.includes(" ")) assert.ok(!en[key].includes(label), `${rule.id} repeats its label`);
      assert.ok(`faq.avoid.action.${rule.action}` in en, rule.action);
    }
  });

  test("blood thinners come with 'never stop these yourself'", () => {
    assert.match(text("faq.avoid.CI-ANTITHROMBOTIC"), /Never stop these yourself/);
    assert.match(text("faq.avoid.CI-ANTITHROMBOTIC"), /aspirin for your heart/);
    assert.match(text("faq.avoid.safety"), /^Never stop a blood thinner/);
    assert.ok(!/within 7 days/.test(text("faq.avoid.CI-ANTITHROMBOTIC")));
  });

  test("each rule carries its own sources", () => {
    const anticoagulant = facts.contraindications.value.find((r) => r.id === "CI-ANTITHROMBOTIC");
    assert.ok(anticoagulant?.source.includes("PALAMARAS-2015"));
  });
});

describe("corrected statements", () => {
  const cases: [keyof typeof en, RegExp, RegExp | null][] = [
    // at-home rollers: not sold on absorption; the depth is a convention, said so
    ["compare.roller.suits", /granulomas/, /absorption|glow/i],
    ["compare.roller.mechanism", /too shallow/, /absorb/],
    ["compare.roller.depth", /convention/, null],
    ["faq.home.a", /convention, not a limit shown safe in research/, null],
    // pigment risk: not downplayed, no promise of gentler settings
    ["home.concern.tone.text", /higher risk of dark patches/, /stays low/],
    ["compare.microneedling.skinTone", /higher risk of dark patches/, /gentler/],
    ["faq.skinTypes.a", /types IV to VI/, /gentler/],
    // keloid is a decline, and the list names what it used to leave out
    ["home.wait.decline", /keloid/, /may ask you to wait/],
    ["home.wait.decline", /bleeding disorder.*nickel.*skin cancer/, null],
    ["home.wait.postpone", /breastfeeding/, null],
    ["home.wait.bloodThinner", /Never stop it/, null],
    // after needling: the protocol's sterile hydrogel, the protocol's minutes
    ["home.course.sessions.text", /sterile hyaluronic-acid gel/, /serum/],
    ["home.glance.sessionText", /\{nmin\}–\{nmax\} minutes of needling/, /30–60/],
    // results: only the supported 3-6 months; remodelling to about a year
    ["faq.results.a", /no study has measured when/, /glow after \{gmin\}/],
    ["home.course.results.text", /3 to 6 months/, /glow within weeks/],
    ["home.healing.remodeling.when", /12 months/, /6 months/],
    // prescribed NSAIDs and retinoids: ask the prescriber
    ["selfCheck.medicines.note", /ask them before you stop it/, /Keep taking every medicine/],
    ["prep.askPrescriber", /ask them before you stop it/, null],
    ["selfCheck.health.allergySteel", /nickel/, /stainless/],
    // minor ones
    ["faq.downtime.a", /up to \{rednessUpTo\} hours/, /for up to \{redness\} hours/],
    ["faq.infection.a", /lumps or bumps.*dark patches/, /Rarely, when aftercare is not followed/],
    ["faq.makeup.a", /any direct sun/, /strong sun/],
    ["prep.PREP-NSAID-STOP", /Never stop aspirin or a blood thinner/, /see PREP-/],
    ["compare.microneedling.cost", /prices/, /less than laser/],
    ["compare.laser.suits", /scars/, /stronger results faster/],
    ["plan.complete", /may suggest/, /keeps the result/],
    ["prices.minutes.one", /^\{n\} minute$/, null],
  ];
  for (const [key, must, mustNot] of cases) {
    test(`${key}`, () => {
      assert.match(text(key), must);
      if (mustNot) assert.doesNotMatch(text(key), mustNot);
    });
  }

  test("the FAQ quotes no result milestone the protocol marks unsupported", () => {
    assert.deepEqual(Object.keys(facts.resultsDays.value).sort(), ["full", "remodelingEndDay"]);
    assert.equal(facts.resultsDays.value.remodelingEndDay, 365);
    assert.ok(facts.resultsDays.source.includes("ALSTER-LI-2020"));
    assert.ok(facts.homeUse.source.length > 0 && facts.granuloma.source.includes("SOLTANI-2014"));
    assert.equal(facts.aftercareHours.value.rednessUpTo, 72);
  });

  test("rule labels say what triggers them", () => {
    const caution = (id: string) => protocol.cautions.find((c) => c.id === id)?.label ?? "";
    assert.match(caution("CAU-SKINPEN-AGE"), /under 22/);
    assert.match(caution("CAU-ROSACEA-MILD-MODERATE"), /severe outside the treatment area/);
  });
});

describe("the patient catalogue", () => {
  test("no rule ids, codes, hashes, version strings or Latin", () => {
    for (const [key, value] of Object.entries(en)) {
      if (!isPatientKey(key)) continue;
      assert.doesNotMatch(value, /\b(?:CI|CAU|PREP|AC|RES|SER|ZONE)-[A-Z]/, key);
      assert.doesNotMatch(
        value,
        /sha256|seriesRules|\bPIH\b|Fitzpatrick|rhytides|periorbital|orbital rim/i,
        key,
      );
      assert.doesNotMatch(value, /\[[A-Z]+-[A-Z0-9-]+\]/, key);
    }
  });

  test("every rule and step the engine can explain has a patient text", () => {
    for (const c of protocol.contraindications) assert.ok(`explain.${c.id}` in en, c.id);
    for (const c of protocol.cautions) assert.ok(`explain.${c.id}` in en, c.id);
    for (const p of protocol.prepSteps) assert.ok(`prep.${p.id}` in en, p.id);
    const aftercare = protocol.aftercareTimeline as { id: string; enabledByDefault?: boolean }[];
    for (const a of aftercare.filter((x) => x.enabledByDefault !== false))
      assert.ok(`aftercare.advice.${a.id}` in en, a.id);
  });
});

describe("Spanish patient texts outside the catalogue's pages", () => {
  test("the portal's Spanish paragraphs are the e-mails' own, one copy (the warning signs read as one sentence)", async () => {
    const { es } = await import("./es.ts");
    const { AFTERCARE_TEXTS_ES } = await import("../../domain/patient/aftercare-texts-es.ts");
    const { PREP_TEXTS_ES } = await import("../../domain/patient/prep-texts-es.ts");
    for (const [id, text] of Object.entries(PREP_TEXTS_ES))
      assert.equal(text, es[`prep.${id}` as keyof typeof es], id);
    for (const [id, text] of Object.entries(AFTERCARE_TEXTS_ES)) {
      const portal = es[`aftercare.advice.${id}` as keyof typeof es] ?? "";
      // The warning signs follow "Llámanos si:" in an e-mail; the portal says "Llama a la clínica si …".
      if (id === "AC-WARNING-SIGNS")
        assert.ok(portal.endsWith(text.replace(/^el dolor empeora, hay /, "")), id);
      else assert.equal(text, portal, id);
      assert.ok(
        (protocol.aftercareTimeline as { id: string }[]).some((a) => a.id === id),
        `${id} is an entry of the protocol`,
      );
    }
  });

  test("the questionnaire names every zone and condition in plain words, in both languages", async () => {
    const { es } = await import("./es.ts");
    for (const zone of protocol.zones.filter((z) => !z.prohibited)) {
      const key = `intake.zone.${zone.id}` as keyof typeof en;
      assert.ok(key in en && key in es, zone.id);
      assert.doesNotMatch(en[key], /periorbital|perioral|orbital rim|decolletage/i, zone.id);
    }
    for (const condition of protocol.conditions) {
      const key = `intake.conditionName.${condition.id}` as keyof typeof en;
      assert.ok(key in en && key in es, condition.id);
      assert.doesNotMatch(
        en[key],
        /vulgaris|labialis|haemorrhagic|haemostatic|status=|BCC|SCC/,
        condition.id,
      );
    }
  });

  test("the consent, questionnaire and booking pages have no English left in Spanish", async () => {
    const { es } = await import("./es.ts");
    const mine = Object.keys(en).filter((k) => /^(consent|intake|book)\./.test(k) && isPatientKey(k));
    assert.ok(mine.length > 100);
    for (const key of mine) {
      const spanish = es[key as keyof typeof es] ?? "";
      const english = en[key as keyof typeof en];
      // Words the two languages share ("No", "Psoriasis", "{n}") may match; sentences never do.
      if (english.split(" ").length > 2) assert.notEqual(spanish, english, key);
    }
  });
});
