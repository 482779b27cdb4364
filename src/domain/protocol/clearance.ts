/**
 * A physician's clearance, as the protocol sees it. A screening whose outcome is "needs physician
 * clearance" names the rules that asked for it; a physician who clears the patient sets exactly
 * those rules aside. What follows is the same screening re-run under the same protocol with those
 * rules turned into cautions: every other rule still applies (a decline stays a decline, a
 * deferral keeps its date), and the preparation instructions are the engine's own, so a grant
 * never adds an instruction to stop a prescribed anticoagulant.
 */
import { screenPatient } from "./screen-patient.ts";
import type { Protocol, ScreeningInput, ScreeningOutput } from "./types.ts";

/** The screening's reasons that only a physician's clearance can set aside, in order. */
export function clearanceReasons(output: ScreeningOutput, protocol: Protocol): string[] {
  const clearance = new Set(
    protocol.contraindications.filter((c) => c.action === "physician-clearance").map((c) => c.id),
  );
  return output.reasons.filter((r) => clearance.has(r)).sort();
}

export type ClearedDecision =
  | { ok: true; output: ScreeningOutput }
  | { ok: false; field: string; message: string };

/**
 * The decision once a physician has cleared `cleared`. Refused unless the screening needs
 * clearance and `cleared` is exactly its clearance reasons (a partial grant would leave the
 * patient blocked anyway; a reason of another kind can never be cleared this way).
 */
export function decideWithClearance(
  input: ScreeningInput,
  screened: ScreeningOutput,
  protocol: Protocol,
  cleared: readonly string[],
): ClearedDecision {
  if (screened.outcome !== "needs-physician-clearance")
    return { ok: false, field: "screening", message: "this screening does not need physician clearance" };
  const needed = clearanceReasons(screened, protocol);
  const wanted = new Set(cleared);
  const [extra] = cleared.filter((r) => !needed.includes(r));
  if (extra !== undefined) {
    const index = cleared.indexOf(extra);
    return {
      ok: false,
      field: `reasons.${index}`,
      message: screened.reasons.includes(extra)
        ? `${extra} is not a reason a physician's clearance sets aside`
        : `${extra} is not a reason of this screening`,
    };
  }
  const missing = needed.filter((r) => !wanted.has(r));
  if (missing.length > 0 || needed.length === 0)
    return {
      ok: false,
      field: "reasons",
      message: `clear every clearance reason of the screening (missing: ${missing.join(", ") || "none found"})`,
    };
  const relaxed: Protocol = {
    ...protocol,
    contraindications: protocol.contraindications.map((c) =>
      wanted.has(c.id) ? { ...c, action: "caution" as const } : c,
    ),
  };
  const output = screenPatient(input, relaxed);
  // Setting rules aside can only lower the outcome; anything else means the inputs disagree.
  if (output.outcome === "decline" || output.outcome === "needs-physician-clearance")
    return { ok: false, field: "screening", message: "the screening still needs more than this clearance" };
  // The cleared decision speaks for the screening's own protocol version.
  output.protocolVersion = screened.protocolVersion;
  return { ok: true, output };
}
