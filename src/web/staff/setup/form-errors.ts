import { ApiError } from "../../api/client.ts";

/**
 * The server's message for one field (`body.name`, `body.hours.2.end`, ...) of a failed request,
 * or for anything under it when `prefix` is set; undefined when the field is fine.
 */
export function fieldError(error: unknown, field: string, prefix = false): string | undefined {
  if (!(error instanceof ApiError) || !error.fields) return undefined;
  const entries: [string, string][] = Array.isArray(error.fields)
    ? error.fields.map((f) => [f.path, f.message])
    : Object.entries(error.fields);
  const hit = entries.find(([path]) => path === field || (prefix && path.startsWith(`${field}.`)));
  return hit?.[1];
}

/** The message for the whole form: a refusal for non-owners is said plainly. */
export function formMessage(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.status === 403) {
    return "Only an owner can change the clinic's set-up. You can still read it.";
  }
  // Schema refusals name a path ("body.hours.3.end: ..."): the field itself shows the detail.
  if (error instanceof ApiError && error.code === "validation") {
    return "Some entries need a change: see the messages beside them.";
  }
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Please try again.";
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
