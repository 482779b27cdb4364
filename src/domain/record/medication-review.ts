/**
 * A clinician's review of a medicine the protocol does not recognise, applied to what the engine
 * screens. The engine resolves a medicine by its ingredient name; a reviewed medicine is therefore
 * either left out of the engine's input ("not relevant to microneedling") or screened as a known
 * member of the class the clinician chose, by the route it is taken. Reviews are matched by the
 * name's lookup key (case and punctuation aside), the latest one winning. Pure.
 */
import { medicationNameKey } from "../protocol/medications.ts";
import type { Protocol } from "../protocol/types.ts";
import type { RecordedMedication } from "./screening-input.ts";

export interface MedicationReview {
  nameKey: string;
  decision: "not-relevant" | "class";
  classId: string | null;
}

export interface AppliedReview {
  /** The medication record the review was applied to. */
  recordId: string;
  name: string;
  decision: "not-relevant" | "class";
  classId: string | null;
}

/** The key a review of this medicine is kept under: the product name when there is one. */
export function reviewKeyOf(med: { ingredient: string; product?: string | null }): string[] {
  const keys = [medicationNameKey(med.ingredient)];
  if (med.product) keys.push(medicationNameKey(med.product));
  return keys.filter((k) => k.length > 0);
}

/**
 * Applies the reviews (latest last) to the medications: returns what the engine screens and which
 * reviews were used. A class no longer in the protocol leaves the medicine as it was (it is then
 * reported unrecognised again, and reviewed again).
 */
export function applyMedicationReviews(
  medications: readonly RecordedMedication[],
  reviews: readonly MedicationReview[],
  protocol: Protocol,
): { medications: RecordedMedication[]; applied: AppliedReview[] } {
  const latest = new Map<string, MedicationReview>();
  for (const r of reviews) latest.set(r.nameKey, r);
  const out: RecordedMedication[] = [];
  const applied: AppliedReview[] = [];
  for (const med of medications) {
    const review = reviewKeyOf(med)
      .map((k) => latest.get(k))
      .find((r) => r !== undefined);
    if (!review) {
      out.push(med);
      continue;
    }
    const name = med.product ?? med.ingredient;
    if (review.decision === "not-relevant") {
      applied.push({ recordId: med.id, name, decision: "not-relevant", classId: null });
      continue;
    }
    const cls = protocol.medicationClasses.find((c) => c.id === review.classId);
    if (!cls || cls.members.length === 0) {
      out.push(med);
      continue;
    }
    const member =
      cls.members.find(
        (m) =>
          m.routes.includes(med.route) &&
          (m.whenPrescribed === undefined || m.whenPrescribed === med.prescribed),
      ) ??
      cls.members.find((m) => m.routes.includes(med.route)) ??
      cls.members[0]!;
    out.push({
      ...med,
      ingredient: member.ingredient,
      route: member.routes.includes(med.route) ? med.route : member.routes[0]!,
      prescribed: member.whenPrescribed ?? med.prescribed,
      product: name,
      rxnorm: null,
    });
    applied.push({ recordId: med.id, name, decision: "class", classId: cls.id });
  }
  return { medications: out, applied };
}
