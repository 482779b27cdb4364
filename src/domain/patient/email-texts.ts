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

/** When a time asked for online stops being kept (migration 117): said in every e-mail about it. */
function requestDeadline(locale: EmailLocale, until: string): string {
  return locale === "es"
    ? `Si no se confirma antes del ${until}, la hora queda libre para otras personas.`
    : `If it is not confirmed by ${until}, the time is released for others.`;
}

/**
 * To a patient whose time asked for online was not confirmed in time: it is free for others again,
 * and how to ask for another.
 */
export function requestLapsedEmail(
  locale: EmailLocale,
  v: { firstName: string; clinic: string; type: string; at: string; location: string; phone: string | null },
): { subject: string; bodyText: string } {
  if (locale === "es")
    return {
      subject: `Sin confirmar: ${v.type} el ${v.at}`,
      bodyText:
        `${greeting(locale, v.firstName)}la hora que pediste por internet, ${v.type} el ${v.at} en ${v.location}, ` +
        "no se confirmó a tiempo, así que vuelve a estar libre para otras personas. " +
        (v.phone
          ? `Para pedir otra hora, resérvala de nuevo en la web de ${v.clinic} o llama al ${v.phone}.\n`
          : `Para pedir otra hora, resérvala de nuevo en la web de ${v.clinic} o ponte en contacto con la clínica.\n`),
    };
  return {
    subject: `Not confirmed: ${v.type} on ${v.at}`,
    bodyText:
      `${greeting(locale, v.firstName)}the time you asked for online, ${v.type} on ${v.at} at ${v.location}, ` +
      "was not confirmed in time, so it is free for others again. " +
      (v.phone
        ? `To ask for another time, book again on the ${v.clinic} website or call ${v.phone}.\n`
        : `To ask for another time, book again on the ${v.clinic} website or contact the clinic.\n`),
  };
}

/**
 * To a patient with an account whose e-mail was given on the public booking page: the visit is
 * kept for them, not confirmed, and the link signs them in to see it.
 */
export function bookingSignInEmail(
  locale: EmailLocale,
  v: {
    clinic: string;
    type: string;
    at: string;
    until: string;
    location: string;
    url: string;
    minutes: number;
  },
): { subject: string; bodyText: string } {
  if (locale === "es")
    return {
      subject: `Tu solicitud: ${v.type} el ${v.at}`,
      bodyText:
        `Hola:\n\nhas pedido reservar ${v.type} el ${v.at} en ${v.location} (${v.clinic}). ` +
        "Como ya tienes una cuenta de paciente, te guardamos la hora y la clínica te la confirmará. " +
        `${requestDeadline(locale, v.until)} ` +
        `Entra con este enlace para verla:\n\n${v.url}\n\n` +
        `Sirve una vez y caduca en ${v.minutes} minutos; después puedes pedir otro en la página de entrada. ` +
        "Si no has sido tú, llama a la clínica y la anularemos.\n",
    };
  return {
    subject: `Your request: ${v.type} on ${v.at}`,
    bodyText:
      `Hello,\n\nyou asked to book ${v.type} on ${v.at} at ${v.location} (${v.clinic}). ` +
      "As you already have a patient account, we have kept the time for you and the clinic will confirm it with you. " +
      `${requestDeadline(locale, v.until)} ` +
      `Sign in with this link to see it:\n\n${v.url}\n\n` +
      `It works once and expires in ${v.minutes} minutes; after that you can ask for a new one on the sign-in page. ` +
      "If this was not you, call the clinic and we will cancel it.\n",
  };
}

/**
 * To a patient whose record has no portal account yet (made by the desk, say) and whose e-mail was
 * given on the public booking page: the time is kept for them, not confirmed; the link sets up
 * their portal, where they confirm or cancel it.
 */
export function bookingAccountSetupEmail(
  locale: EmailLocale,
  v: {
    firstName: string;
    clinic: string;
    type: string;
    at: string;
    until: string;
    location: string;
    url: string;
    days: number;
  },
): { subject: string; bodyText: string } {
  if (locale === "es")
    return {
      subject: `Tu solicitud: ${v.type} el ${v.at}. Pon una contraseña a tu cuenta de ${v.clinic}`,
      bodyText:
        `${greeting(locale, v.firstName)}has pedido ${v.type} el ${v.at} en ${v.location} (${v.clinic}). ` +
        `Te guardamos la hora, pero aún no está confirmada. ${requestDeadline(locale, v.until)} Hemos abierto una cuenta de paciente para tu ficha ` +
        "en la clínica. Abre este enlace para elegir tu contraseña; después, en tu portal de paciente, " +
        `confirma la hora o anúlala:\n\n${v.url}\n\n` +
        `Sirve una vez y durante ${v.days} días. La clínica también puede llamarte para confirmarla. ` +
        "Si no has sido tú, llama a la clínica y la anularemos.\n",
    };
  return {
    subject: `Your request: ${v.type} on ${v.at}. Set a password for your account at ${v.clinic}`,
    bodyText:
      `${greeting(locale, v.firstName)}you asked to book ${v.type} on ${v.at} at ${v.location} (${v.clinic}). ` +
      `We have kept the time for you, but it is not confirmed yet. ${requestDeadline(locale, v.until)} ` +
      "We have opened a patient account for your " +
      "record at the clinic. Open this link to choose your password; then, in your patient portal, " +
      `confirm the time or cancel it:\n\n${v.url}\n\n` +
      `It works once and for ${v.days} days. The clinic may also call you to confirm it. ` +
      "If this was not you, call the clinic and we will cancel it.\n",
  };
}

/** To a visitor who booked online: the link to choose the password of the account made for them. */
export function accountSetupEmail(
  locale: EmailLocale,
  v: { firstName: string; clinic: string; url: string; days: number },
): { subject: string; bodyText: string } {
  if (locale === "es")
    return {
      subject: `Pon una contraseña a tu cuenta de ${v.clinic}`,
      bodyText:
        `${greeting(locale, v.firstName)}gracias por reservar en ${v.clinic}. Hemos creado una cuenta de paciente ` +
        "para este correo. Abre este enlace para elegir tu contraseña; después podrás ver, cambiar o anular " +
        `tu cita en tu portal de paciente:\n\n${v.url}\n\n` +
        `Sirve una vez y durante ${v.days} días. Si no has reservado, ignora este correo.\n`,
    };
  return {
    subject: `Set a password for your account at ${v.clinic}`,
    bodyText:
      `${greeting(locale, v.firstName)}thank you for booking with ${v.clinic}. We have made a patient account ` +
      "for this e-mail address. Open this link to choose your password; then you can see, move or cancel " +
      `your booking in your patient portal:\n\n${v.url}\n\n` +
      `It works once and for ${v.days} days. If you did not book, ignore this e-mail.\n`,
  };
}

/** The BCP 47 locale dates in e-mails are written in. */
export const EMAIL_INTL_LOCALE: Record<EmailLocale, string> = { en: "en-GB", es: "es-ES" };

/** A calendar date ("2026-12-14") as the patient's language writes it: "Mon 14 Dec 2026", "lun, 14 dic 2026". */
export function emailDay(locale: EmailLocale, isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return isoDate;
  return new Intl.DateTimeFormat(EMAIL_INTL_LOCALE[locale], {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

type Mail = { subject: string; bodyText: string };
type Visit = { firstName: string; type: string; at: string; location: string };

/** Hello line: "Hello Ana," / "Hola, Ana:". */
export function greeting(locale: EmailLocale, firstName: string): string {
  if (locale === "es") return firstName ? `Hola, ${firstName}:\n\n` : "Hola:\n\n";
  return `Hello ${firstName},\n\n`;
}

export function cancellationEmail(locale: EmailLocale, v: Visit): Mail {
  if (locale === "es")
    return {
      subject: `Cancelada: ${v.type} el ${v.at}`,
      bodyText: `${greeting(locale, v.firstName)}tu cita de ${v.type} del ${v.at} en ${v.location} está cancelada.\n`,
    };
  return {
    subject: `Cancelled: ${v.type} on ${v.at}`,
    bodyText: `${greeting(locale, v.firstName)}your ${v.type} on ${v.at} at ${v.location} is cancelled.\n`,
  };
}

export function bookingEmail(locale: EmailLocale, moved: boolean, v: Visit): Mail {
  if (locale === "es")
    return {
      subject: `${moved ? "Cambiada" : "Reservada"}: ${v.type} el ${v.at}`,
      bodyText:
        `${greeting(locale, v.firstName)}tu cita de ${v.type} está reservada para el ${v.at} en ${v.location}.\n` +
        "El archivo de calendario adjunto la añade a tu calendario.\n",
    };
  return {
    subject: `${moved ? "Moved" : "Booked"}: ${v.type} on ${v.at}`,
    bodyText:
      `${greeting(locale, v.firstName)}your ${v.type} is booked for ${v.at} at ${v.location}.\n` +
      "The attached calendar file adds it to your calendar.\n",
  };
}

export function dayBeforeEmail(locale: EmailLocale, v: Visit & { time: string }): Mail {
  if (locale === "es")
    return {
      subject: `Mañana: ${v.type} a las ${v.time}`,
      bodyText: `${greeting(locale, v.firstName)}te recordamos tu cita de ${v.type} mañana, ${v.at}, en ${v.location}.\n`,
    };
  return {
    subject: `Tomorrow: ${v.type} at ${v.time}`,
    bodyText: `${greeting(locale, v.firstName)}a reminder of your ${v.type} tomorrow, ${v.at}, at ${v.location}.\n`,
  };
}

/** A dated preparation step; `summary` and `text` are the protocol's patient texts. */
export function prepEmail(
  locale: EmailLocale,
  v: { firstName: string; date: string; summary: string; text: string; protocol: string },
): Mail {
  const body = `${v.summary}\n\n${v.text}\n\n(${v.protocol})\n`;
  if (locale === "es")
    return {
      subject: `Cómo prepararte para tu sesión del ${v.date}`,
      bodyText: greeting(locale, v.firstName) + body,
    };
  return {
    subject: `Preparing for your session on ${v.date}`,
    bodyText: greeting(locale, v.firstName) + body,
  };
}

export function nextSessionEmail(locale: EmailLocale, v: { firstName: string; due: string }): Mail {
  if (locale === "es")
    return {
      subject: "Es hora de reservar tu próxima sesión",
      bodyText:
        `${greeting(locale, v.firstName)}tu próxima sesión de micropunción toca a partir del ${v.due}. ` +
        "Si aún no la tienes reservada, resérvala en el portal o llámanos.\n",
    };
  return {
    subject: "Time to book your next session",
    bodyText:
      `${greeting(locale, v.firstName)}your next microneedling session is due from ${v.due}. ` +
      "If it is not booked yet, book it in the portal or call us.\n",
  };
}

export function maintenanceEmail(locale: EmailLocale, v: { firstName: string; months: number }): Mail {
  const plural = new Intl.PluralRules(EMAIL_INTL_LOCALE[locale]).select(v.months) === "one";
  if (locale === "es")
    return {
      subject: "Es hora de una sesión de mantenimiento",
      bodyText:
        `${greeting(locale, v.firstName)}han pasado ${v.months} ${plural ? "mes" : "meses"} desde tu última sesión de micropunción. ` +
        "Una sesión de mantenimiento conserva los resultados; resérvala en el portal o llámanos.\n",
    };
  return {
    subject: "Time for a maintenance session",
    bodyText:
      `${greeting(locale, v.firstName)}it is ${v.months} ${plural ? "month" : "months"} since your last microneedling session. ` +
      "A maintenance session keeps the results; book it in the portal or call us.\n",
  };
}

/** The words around an aftercare point's protocol texts (which keep their own wording and sources). */
export function aftercareEmail(
  locale: EmailLocale,
  v: {
    firstName: string;
    label: string;
    clinic: string;
    lines: readonly string[];
    limitsLifted: boolean;
    redFlags: readonly string[];
    protocol: string;
  },
): Mail {
  const es = locale === "es";
  const lifted = v.limitsLifted
    ? es
      ? "\nA partir de ahora se levantan algunas limitaciones (míralas en el portal)."
      : "\nFrom now on some limits are lifted (see the portal)."
    : "";
  const warn = v.redFlags.map((text) => (es ? `\nLlámanos si: ${text}` : `\nCall us if: ${text}`)).join("");
  const footer = es
    ? `\n\nConsulta tus cuidados posteriores y cuéntanos cómo vas en tu portal de paciente.\n\n(${v.protocol})\n`
    : `\n\nSee your aftercare and check in: open your patient portal.\n\n(${v.protocol})\n`;
  const lines = v.lines.map((l) => `- ${l}`).join("\n");
  return es
    ? {
        subject: `${v.label} tu sesión: cómo debería ir tu piel`,
        bodyText: `${greeting(locale, v.firstName)}${v.label} tu sesión en ${v.clinic}:\n${lines}${lifted}${warn}${footer}`,
      }
    : {
        subject: `${v.label} your session: how your skin should be doing`,
        bodyText: `${greeting(locale, v.firstName)}${v.label} your session at ${v.clinic}:\n${lines}${lifted}${warn}${footer}`,
      };
}

export function aftercareNextSessionEmail(
  locale: EmailLocale,
  v: {
    firstName: string;
    clinic: string;
    opens: string;
    advice: string;
    phone: string | null;
    protocol: string;
  },
): Mail {
  if (locale === "es")
    return {
      subject: `Te toca tu próxima sesión en ${v.clinic}`,
      bodyText:
        `${greeting(locale, v.firstName)}hoy se abre el plazo para tu próxima sesión (${v.opens}). ${v.advice}\n` +
        `Resérvala en el portal o llámanos${v.phone ? ` al ${v.phone}` : ""}.` +
        `\n\nConsulta tus cuidados posteriores y cuéntanos cómo vas en tu portal de paciente.\n\n(${v.protocol})\n`,
    };
  return {
    subject: `Your next session at ${v.clinic} is due`,
    bodyText:
      `${greeting(locale, v.firstName)}the window for your next session opens now (${v.opens}). ${v.advice}\n` +
      `Book it in the portal or call us${v.phone ? ` on ${v.phone}` : ""}.` +
      `\n\nSee your aftercare and check in: open your patient portal.\n\n(${v.protocol})\n`,
  };
}

/** An aftercare point's name ("24 hours after"); Spanish from its id (h24, h48, w1 ...), the
 *  protocol's English label otherwise. */
export function aftercarePointLabel(locale: EmailLocale, id: string, english: string): string {
  if (locale === "en") return english;
  const m = /^([hw])(\d+)$/.exec(id);
  if (!m) return english.replace(/ after.*$/, "");
  const n = Number(m[2]);
  if (m[1] === "w") return `${n} ${n === 1 ? "semana" : "semanas"} después de`;
  if (n % 168 === 0) return `${n / 168} ${n === 168 ? "semana" : "semanas"} después de`;
  return `${n} ${n === 1 ? "hora" : "horas"} después de`;
}
