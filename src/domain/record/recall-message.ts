/**
 * The message to a patient treated with a recalled product lot, in the patient's language. Plain
 * words: what happened, that most people need do nothing, and which signs to call the clinic about.
 * The caller fills in the clinic's name and the session dates, written in the patient's language.
 */
import { type EmailLocale, greeting } from "../patient/email-texts.ts";

// The English letter opens as the clinic has always written it ("Dear Ana,"); Spanish as other e-mails do.

export function lotRecallEmail(
  locale: EmailLocale,
  v: { firstName: string; clinic: string; lot: string; dates: readonly string[] },
): { subject: string; bodyText: string } {
  const dates = v.dates.join(", ");
  if (locale === "es")
    return {
      subject: `Aviso de ${v.clinic}: lote retirado (${v.lot})`,
      bodyText:
        `${greeting(locale, v.firstName)}el fabricante de un producto usado en tu tratamiento en ${v.clinic} ` +
        `el ${dates} ha retirado un lote (${v.lot}). Estamos avisando a todas las personas tratadas con él. ` +
        "La mayoría no necesita hacer nada, pero llámanos si la piel tratada está roja, hinchada, caliente " +
        `o dolorida, o tiene bultos que no desaparecen, y te veremos.\n\n${v.clinic}\n`,
    };
  return {
    subject: `A message from ${v.clinic}: batch recall (${v.lot})`,
    bodyText:
      `Dear ${v.firstName},\n\nThe maker of a product used in your treatment at ${v.clinic} ` +
      `on ${dates} has recalled one batch (${v.lot}). We are contacting everyone treated with it. ` +
      "Most people need do nothing, but please call us if the treated skin has become red, swollen, hot " +
      `or painful, or has bumps that are not going away, and we will see you.\n\n${v.clinic}\n`,
  };
}
