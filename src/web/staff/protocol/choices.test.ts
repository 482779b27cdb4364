import assert from "node:assert/strict";
import { test } from "node:test";
import type { ClinicChoices, ProtocolOverview } from "../../../contract/protocol.ts";
import { choiceCatalogue } from "../../../domain/protocol/choice-catalogue.ts";
import { defaultProtocol } from "../../../domain/protocol/default-protocol.ts";
import { choicesFromForm, describeChoices, formFromChoices } from "./choices.ts";

function overview(choices: ClinicChoices): ProtocolOverview {
  return {
    current: { version: "v", isDefault: false, ruleset: "blog-default", choices, since: null },
    defaultVersion: "d",
    catalogue: choiceCatalogue(defaultProtocol()),
  };
}

test("an untouched form of the default saves the default ({})", () => {
  const o = overview({});
  assert.deepEqual(choicesFromForm(formFromChoices(o), o), {});
});

test("picks are saved, defaults left out, and own values set through the API are kept", () => {
  const o = overview({
    rules: { "PREP-UV-EXPOSURE": { windowDays: 10 }, "CI-KELOID": { alternative: "relative" } },
  });
  const form = formFromChoices(o);
  assert.equal(form.rules["CI-KELOID"], "relative");
  form.rules["CI-KELOID"] = "default";
  form.rules["CI-ISOTRETINOIN-6M"] = "consensus-no-delay";
  form.depthCapMode = "skinpenLabeling";
  form.seriesAlternatives = ["alopecia"];
  assert.deepEqual(choicesFromForm(form, o), {
    rules: {
      "PREP-UV-EXPOSURE": { windowDays: 10 },
      "CI-ISOTRETINOIN-6M": { alternative: "consensus-no-delay" },
    },
    depthCapMode: "skinpenLabeling",
    seriesAlternatives: ["alopecia"],
  });
  assert.deepEqual(describeChoices(choicesFromForm(form, o)), [
    "PREP-UV-EXPOSURE: 10 days",
    "CI-ISOTRETINOIN-6M: consensus-no-delay",
    "Depth cap: skinpenLabeling",
    "Series alternative: alopecia",
  ]);
});
