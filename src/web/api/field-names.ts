// The field a refusal names, in people's words and language: "body.medications[2].lastTaken" is
// "the date of the last dose" (`error.field.lastTaken` in the catalogue); a field the catalogue has
// no words for is "one of your answers".
import type { ApiErrorBody } from "./client.ts";

export function fieldLabel(
  fields: ApiErrorBody["fields"],
  maybe: (key: string, fallback: string) => string,
): string {
  const path = Array.isArray(fields) ? fields[0]?.path : fields ? Object.keys(fields)[0] : undefined;
  const name = (path ?? "")
    .split(/[.[\]]/)
    .filter((part) => part !== "" && !/^\d+$/.test(part))
    .pop();
  const any = maybe("error.field.any", "one of your answers");
  return name ? maybe(`error.field.${name}`, any) : any;
}
