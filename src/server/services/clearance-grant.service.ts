/**
 * A physician grants the clearance a screening asked for. The grant is tied to that screening (a
 * newer screening supersedes it), clears exactly the screening's clearance reasons, and stores the
 * decision that follows: the screening re-run under its own protocol version with those reasons
 * set aside, so the booking gate still honours every deferral and never lifts a decline. Only a
 * signed-in provider whose credential is physician may grant; the database checks it again.
 *
 * A physician may withdraw a grant, with a reason. The grant stays in the history, marked
 * withdrawn; it no longer clears the screening, so the patient awaits physician clearance again
 * (and a physician may grant it anew). The database, too, lets only a physician withdraw, once.
 */
import type { Db } from "../../db/pool.ts";
import {
  getClearanceGrant,
  insertClearanceGrant,
  listClearanceGrants,
  withdrawClearanceGrant,
} from "../../db/repositories/clearance-grant.repository.ts";
import { getProfilePatient } from "../../db/repositories/clinical-profile.repository.ts";
import { latestScreeningRow } from "../../db/repositories/scheduling-patient.repository.ts";
import { getScreening } from "../../db/repositories/screening.repository.ts";
import { todayIn } from "../../domain/calendar.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { clearanceReasons, decideWithClearance } from "../../domain/protocol/clearance.ts";
import type { ScreeningOutput } from "../../domain/protocol/types.ts";
import { validateScreeningInput } from "../../domain/protocol/validate-input.ts";
import { type ClearanceGrantView, presentClearanceGrant } from "../presenters/clearance-grants.ts";
import type { Principal } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { storedProtocol } from "./protocol.service.ts";
import type { RequestContext } from "./request-context.ts";

export interface GrantInput {
  reasons: string[];
  note: string;
}

export interface WithdrawInput {
  reason: string;
}

function requirePhysician(principal: Principal, what: string) {
  if (principal.user.role !== "provider" || principal.user.credential !== "physician")
    throw new DomainError("forbidden", "physician_only", `only a physician can ${what} clearance`);
}

export type { ClearanceGrantView };

export class ClearanceGrantService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  grant(ctx: RequestContext, screeningId: string, input: GrantInput) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const screening = await getScreening(tx, screeningId);
      if (!screening) throw notFound("screening");
      requirePhysician(ctx.principal, "grant");
      if (screening.outcome !== "needs-physician-clearance")
        throw new DomainError(
          "conflict",
          "clearance_not_needed",
          "this screening does not ask for physician clearance",
          {
            "params.id": "not a clearance screening",
          },
        );
      const latest = await latestScreeningRow(tx, screening.patientId);
      if (latest?.id !== screening.id)
        throw new DomainError(
          "conflict",
          "screening_superseded",
          "a newer screening of this patient supersedes this one",
          {
            "params.id": "not the patient's latest screening",
          },
        );
      const protocol = await storedProtocol(tx, screening.protocolVersionId);
      if (!protocol)
        throw new DomainError(
          "conflict",
          "protocol_missing",
          "the screening's protocol version is not stored",
        );
      const checked = validateScreeningInput(screening.input, protocol);
      if (!checked.ok)
        throw new DomainError(
          "conflict",
          "screening_unreadable",
          "the screening's input no longer validates; screen again",
        );
      const cleared = decideWithClearance(
        checked.value,
        screening.output as ScreeningOutput,
        protocol,
        input.reasons,
      );
      if (!cleared.ok) {
        const kind = cleared.field === "screening" ? "conflict" : "invalid";
        throw new DomainError(
          kind,
          kind === "invalid" ? "validation" : "clearance_refused",
          cleared.message,
          {
            [cleared.field === "screening" ? "params.id" : `body.${cleared.field}`]: cleared.message,
          },
        );
      }
      const made = await insertClearanceGrant(tx, {
        patientId: screening.patientId,
        screeningId,
        grantedBy: ctx.principal.user.id,
        grantedOn: todayIn(ctx.principal.clinic.timeZone, Date.now()),
        reasons: [...input.reasons].sort(),
        note: input.note,
        protocolVersion: screening.protocolVersion,
        decision: cleared.output,
      });
      if (!made)
        throw new DomainError(
          "conflict",
          "already_granted",
          "clearance was already granted for this screening",
          {
            "params.id": "already granted",
          },
        );
      await audit("clearance.grant", "screening", screeningId, {
        patientId: screening.patientId,
        grantId: made.id,
        reasons: [...input.reasons].sort(),
        outcome: cleared.output.outcome,
        protocolVersion: screening.protocolVersion,
      });
      const row = (await listClearanceGrants(tx, screening.patientId)).find((g) => g.id === made.id)!;
      return presentClearanceGrant(row, screening.id);
    });
  }

  /** A physician withdraws a live grant, with a reason; the grant row stays, marked withdrawn. */
  withdraw(ctx: RequestContext, grantId: string, input: WithdrawInput) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const before = await getClearanceGrant(tx, grantId);
      if (!before) throw notFound("clearance grant");
      requirePhysician(ctx.principal, "withdraw");
      if (
        before.withdrawn ||
        !(await withdrawClearanceGrant(tx, grantId, { withdrawnBy: ctx.principal.user.id, ...input }))
      )
        throw new DomainError("conflict", "already_withdrawn", "this clearance grant was already withdrawn", {
          "params.id": "already withdrawn",
        });
      const latest = await latestScreeningRow(tx, before.patientId);
      const wasCurrent = latest?.id === before.screeningId;
      await audit("clearance.withdraw", "screening", before.screeningId, {
        patientId: before.patientId,
        grantId,
        reasons: before.reasons,
        // Whether the withdrawal closed booking again (the grant cleared the latest screening).
        wasCurrent,
      });
      const row = (await getClearanceGrant(tx, grantId))!;
      return presentClearanceGrant(row, typeof latest?.id === "string" ? latest.id : null);
    });
  }

  /** The patient's grants, newest first, each saying whether the latest screening is its own. */
  list(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getProfilePatient(tx, patientId))) throw notFound("patient");
      const latest = await latestScreeningRow(tx, patientId);
      const grants = await listClearanceGrants(tx, patientId);
      await audit("clearance.list", "patient", patientId, { count: grants.length });
      return {
        grants: grants.map((g) =>
          presentClearanceGrant(g, typeof latest?.id === "string" ? latest.id : null),
        ),
        // What a physician would be asked to clear on the latest screening, if it asks for clearance.
        pending:
          latest?.outcome === "needs-physician-clearance" &&
          !grants.some((g) => g.screeningId === latest.id && g.withdrawn === null)
            ? await this.#pendingReasons(tx, latest)
            : null,
      };
    });
  }

  async #pendingReasons(
    tx: Parameters<Parameters<typeof clinicalTx>[2]>[0],
    latest: Record<string, unknown>,
  ) {
    const versionId = typeof latest.protocol_version_id === "string" ? latest.protocol_version_id : null;
    const protocol = versionId ? await storedProtocol(tx, versionId) : null;
    if (!protocol || typeof latest.id !== "string") return null;
    return { screeningId: latest.id, reasons: clearanceReasons(latest.output as ScreeningOutput, protocol) };
  }
}
