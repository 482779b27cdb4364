// The field a refusal names, in people's words and language: "body.medications[2].lastTaken" is
// "the date of the last dose" (`error.field.lastTaken` in the catalogue). A field the catalogue has
// no words for is "one of your answers" to a reader of another language; in English the server's
// own sentence names it better (the staff app's fields, which patients never fill in).
import { currentLocale, hasMessage, tMaybe } from "../i18n/index.ts";
import { ApiError, type ApiErrorBody, errorMessage } from "./client.ts";

type Maybe = (key: string, fallback: string, values?: Record<string, string | number>) => string;

export function fieldLabel(fields: ApiErrorBody["fields"], maybe: Maybe = tMaybe): string {
  const path = Array.isArray(fields) ? fields[0]?.path : fields ? Object.keys(fields)[0] : undefined;
  const name = (path ?? "")
    .split(/[.[\]]/)
    .filter((part) => part !== "" && !/^\d+$/.test(part))
    .pop();
  const any = maybe("error.field.any", "one of your answers");
  return name ? maybe(`error.field.${name}`, any) : any;
}

/** The words for the field a refusal names on the page, or null where the server's sentence is better. */
export function pageFieldName(fields: ApiErrorBody["fields"]): string | null {
  const path = Array.isArray(fields) ? fields[0]?.path : fields ? Object.keys(fields)[0] : undefined;
  const name = (path ?? "")
    .split(/[.[\]]/)
    .filter((part) => part !== "" && !/^\d+$/.test(part))
    .pop();
  const named = name !== undefined && hasMessage(`error.field.${name}`);
  return named || path === undefined || currentLocale() !== "en" ? fieldLabel(fields) : null;
}

/**
 * A message fit to show a person in the language `maybe` speaks: the patient's on a clinic tablet,
 * inside the English staff app (errorMessage speaks the page's language).
 */
export function errorMessageIn(error: unknown, maybe: Maybe): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  return maybe(`error.${error.code}`, error.message, { field: fieldLabel(error.fields, maybe) });
}
