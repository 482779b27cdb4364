// What a screening's explanation says to a patient, from the message catalogue: the situation in
// plain words, then what the rule's action means (postpone, doctor first, not offered). The
// protocol's own patient text is used only for a rule the catalogue does not know (a clinic's own
// rule); its clinician label never is.
import type { Explanation, Protocol } from "../../domain/protocol/types.ts";
import { hasMessage, t, tMaybe } from "../i18n/index.ts";
import { formatCalendarDate } from "./format.ts";

function ruleAction(protocol: Protocol, id: string): string | undefined {
  return (
    protocol.contraindications.find((r) => r.id === id)?.action ??
    (protocol.cautions.some((c) => c.id === id) ? "caution" : undefined)
  );
}

/** The values a preparation step's text counts with ({min}–{max} days before). */
function prepValues(protocol: Protocol, id: string): Record<string, number> {
  const step = protocol.prepSteps.find((s) => s.id === id) as
    | { daysBefore?: { min: number; max: number } | null }
    | undefined;
  const days = step?.daysBefore;
  return days ? { min: days.min, max: days.max } : {};
}

function actionText(action: string | undefined, e: Explanation): string {
  if (action === "defer-until")
    return e.earliestEligible
      ? t("explain.action.defer-until.dated", { date: formatCalendarDate(e.earliestEligible) })
      : t("explain.action.defer-until.undated");
  return action ? tMaybe(`explain.action.${action}`, "") : "";
}

export function patientExplanation(e: Explanation, protocol: Protocol): string {
  switch (e.kind) {
    case "reason": {
      if (hasMessage(`prep.${e.id}`)) {
        // A washout not kept yet: the preparation step, then when treatment can go ahead.
        return `${tMaybe(`prep.${e.id}`, e.patientText, prepValues(protocol, e.id))} ${actionText("defer-until", e)}`;
      }
      if (!hasMessage(`explain.${e.id}`)) return e.patientText;
      return `${tMaybe(`explain.${e.id}`, e.patientText)} ${actionText(ruleAction(protocol, e.id), e)}`.trim();
    }
    case "caution":
      // A clinic's own caution: its label is for staff, so only what it means is said.
      return tMaybe(`explain.${e.id}`, t("explain.action.caution"));
    case "prepInstruction":
      return tMaybe(`prep.${e.id}`, e.patientText, prepValues(protocol, e.id));
    case "excludedZone": {
      const label = protocol.zones.find((z) => z.id === e.zone)?.label ?? e.zone ?? "";
      return t("explain.excludedZone", { zone: tMaybe(`explain.zone.${e.zone}`, label) });
    }
    default:
      return e.patientText;
  }
}
