/** The refusal of a time that is taken: a 409 that carries the next free slots. */
import { addDays, todayIn } from "../../../domain/calendar.ts";
import { searchSlots } from "../../../domain/scheduling/slots.ts";
import type { Slot } from "../../../domain/scheduling/types.ts";
import { type SlotView, toSlotView } from "../../presenters/appointments.ts";
import type { SlotContext } from "../slot-context.service.ts";
import { NEXT_SLOTS } from "./model.ts";

/** A 409 that carries the next free slots, so the client can offer them at once. */
export class SlotTakenError extends Error {
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly nextSlots: SlotView[];
  constructor(code: string, message: string, fields: Record<string, string>, nextSlots: SlotView[]) {
    super(message);
    this.code = code;
    this.fields = fields;
    this.nextSlots = nextSlots;
  }
}

/**
 * The next free slots at or after a refused start, from the context the refusal was decided on
 * (no further query): every resource, not only the ones asked for, up to the end of the loaded
 * window. The caller searches further when these are too few.
 */
export function nextSlotsIn(ctx: SlotContext, start: number, count = NEXT_SLOTS): SlotView[] {
  const { only: _only, ...input } = ctx.input;
  const found: Slot[] = [];
  // Day by day from the refused start's local day, so a refusal early in the day looks no further.
  for (
    let day = todayIn(ctx.location.timeZone, start);
    day <= input.window.last && found.length < count;
    day = addDays(day, 1)
  ) {
    const r = searchSlots({ ...input, window: { first: day, last: day }, limit: 1000 });
    if (r.blocked) break;
    found.push(...r.slots.filter((s) => s.start >= start).sort((a, b) => a.start - b.start));
  }
  return found.slice(0, count).map(toSlotView);
}
