/** The chart's refusals in the API's terms: the chart policy's decisions, bad links, the re-screen's input problems. */
import { DomainError } from "../../../domain/errors.ts";
import type { ChartRefusal, CosignRefusal } from "../../../domain/record/chart-policy.ts";
import { type InputSource, sourcePath } from "../../../domain/record/screening-input.ts";
import type { SecondFactor } from "../../security/second-factor.ts";
import { fieldError } from "../record-context.ts";

export const badLink = (field: "planId" | "appointmentId", message: string) =>
  new DomainError("invalid", "invalid_chart", `body.${field}: ${message}`, { [`body.${field}`]: message });

/** The chart policy's refusal as the HTTP answer; `zonesField` names where the depths were sent. */
export function refused(
  refusal: ChartRefusal,
  zonesField: "body.zones" | "chart.zones",
  whose: "your" | "the charting provider's" = "your",
): DomainError {
  switch (refusal.kind) {
    case "not_a_provider":
      return new DomainError("forbidden", "forbidden", "only a licensed provider charts a session");
    case "not_the_charting_provider":
      return refusal.action === "sign"
        ? new DomainError("forbidden", "forbidden", "only the provider who charted the session signs it")
        : new DomainError(
            "forbidden",
            "not_chart_provider",
            "only the provider who charts this session, or a supervising physician, may change it",
          );
    case "depth_above_licence": {
      const fields = Object.fromEntries(
        refusal.zones.map((z) => [
          `${zonesField}[${z.index}].depthMm`,
          `above ${whose} licence limit of ${refusal.licenceMm} mm`,
        ]),
      );
      return new DomainError(
        "forbidden",
        "depth_above_licence",
        `${refusal.zones.map((z) => `${z.zone} ${z.depthMm} mm`).join(", ")} is above ${whose} licence limit of ${refusal.licenceMm} mm; a supervising physician must co-sign`,
        fields,
      );
    }
  }
}

/** A co-signature the policy does not accept, in the API's terms. */
export function cosignRefused(refusal: CosignRefusal, ownChart: boolean): DomainError {
  switch (refusal.kind) {
    case "own_chart":
      return new DomainError("forbidden", "cosign_refused", "a provider cannot co-sign their own chart");
    case "not_a_physician":
      return new DomainError(
        "forbidden",
        "cosign_refused",
        "only a supervising physician can co-sign a depth above licence",
        { "body.cosign": "not a physician" },
      );
    case "above_cosigner_licence":
      return new DomainError(
        "forbidden",
        "cosign_refused",
        "the depth is above the co-signing physician's own licence too",
      );
    case "depth_above_licence":
      return refused(refusal, "body.zones", ownChart ? "your" : "the charting provider's");
  }
}

/**
 * A co-signer's credentials were not accepted. The save rolls back; the attempt is then audited,
 * and counted toward the co-signer's lockout, in a transaction of its own.
 */
export class CosignFailure extends DomainError {
  readonly cosignerId: string | null;
  readonly factor: "password" | SecondFactor | "locked";
  constructor(cosignerId: string | null, factor: CosignFailure["factor"], field: string) {
    super(
      "forbidden",
      "cosign_failed",
      field === "body.cosign.password"
        ? "the co-signer's e-mail or password is not correct"
        : "the co-signer's code is not correct, or was already used",
      { [field]: field === "body.cosign.password" ? "not verified" : "not correct or already used" },
    );
    this.cosignerId = cosignerId;
    this.factor = factor;
  }
}

/** An input problem of the day-of re-screen: a 400 for what was sent today, a 409 for the record. */
export function rescreenProblem(source: InputSource, message: string): DomainError {
  if (
    (source.kind === "condition" || source.kind === "medication") &&
    source.record.id.startsWith("changes.")
  ) {
    return fieldError("invalid_rescreen", [{ field: `${source.record.id}${source.rest}`, message }]);
  }
  if (source.kind === "patient" && (source.key === "pregnant" || source.key === "breastfeeding")) {
    return fieldError("invalid_rescreen", [
      { field: `changes.${source.key}`, message: `${message}; not recorded for this patient: ask today` },
    ]);
  }
  const field = `profile.${sourcePath(source)}`;
  return new DomainError(
    "conflict",
    "profile_incomplete",
    `the profile cannot be screened: ${field}: ${message}`,
    {
      [field]: message,
    },
  );
}
