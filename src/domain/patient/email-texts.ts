/**
 * E-mails to patients in the language they chose (the patient's `locale`; English when none).
 * Plain words, no codes; the link and the clinic's name are filled in by the caller.
 */
export type EmailLocale = "en" | "es";

export function emailLocale(value: string | null | undefined): EmailLocale {
  return value === "es" ? "es" : "en";
}

export function signInLinkEmail(
  locale: EmailLocale,
  v: { clinic: string; url: string; minutes: number },
): { subject: string; bodyText: string } {
  if (locale === "es")
    return {
      subject: `Tu enlace para entrar en ${v.clinic}`,
      bodyText:
        `Hola:\n\nabre este enlace para entrar en tu portal de paciente de ${v.clinic}:\n\n${v.url}\n\n` +
        `Sirve una vez y caduca en ${v.minutes} minutos. Si no lo has pedido, ignora este correo.\n`,
    };
  return {
    subject: `Your sign-in link for ${v.clinic}`,
    bodyText:
      `Hello,\n\nopen this link to sign in to your patient portal at ${v.clinic}:\n\n${v.url}\n\n` +
      `It works once and expires in ${v.minutes} minutes. If you did not ask for it, ignore this e-mail.\n`,
  };
}
