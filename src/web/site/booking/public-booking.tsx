// Booking a consultation without an account: pick a time, give your details (the time is held
// meanwhile), confirm, then check your e-mail. The page says the same whether or not the e-mail
// already has an account: a new visitor is e-mailed a link to set a password, a returning patient a
// link to sign in, so nobody can use this page to find out who is a patient.

import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import type { confirmBooking, freeTimes, holdTime } from "../../../contract/public-booking.ts";
import type { SelfCheckNote } from "../../../contract/self-check-note.ts";
import { decodeAnswers, encodeAnswers, type SelfCheckAnswers } from "../../../domain/patient/self-check.ts";
import { ApiError, callUnchecked, errorMessage, type UncheckedAnswer } from "../../api/client.ts";
import { DateField } from "../../components/date-field.tsx";
import { CalendarIcon } from "../../components/icons.tsx";
import { enBook } from "../../i18n/en-book.ts";
import { addEnglishMessages, currentLocale, intlLocale, t, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate, formatSlot, formatTime, telHref } from "../../lib/format.ts";
import { Link, useSearchParams } from "../router.tsx";

addEnglishMessages(enBook);

// The page's answers as they travel (unchecked, so the schema library stays out of /book's
// download): typed from the contract, their instants still ISO text.
type SlotsResponse = UncheckedAnswer<typeof freeTimes>;
type PublicSlot = SlotsResponse["slots"][number];
type Hold = UncheckedAnswer<typeof holdTime>;
/** byEmail is false when the clinic sends no e-mail: it calls to confirm instead. */
type Confirmed = UncheckedAnswer<typeof confirmBooking>;
type Details = { givenName: string; familyName: string; email: string; phone: string; dateOfBirth: string };

const EMPTY: Details = { givenName: "", familyName: "", email: "", phone: "", dateOfBirth: "" };

function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.fields || Array.isArray(error.fields)) return {};
  return Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k.replace(/^body\./, ""), v]));
}

/** "Monday 14 Dec 2026" / "lunes, 14 dic 2026" for a calendar date, in the page's language. */
function longDay(date: string): string {
  return new Intl.DateTimeFormat(intlLocale(), {
    weekday: "long",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}

/** "Mon 14 Dec" / "lun, 14 dic" for a day button. */
function shortDay(date: string): string {
  return new Intl.DateTimeFormat(intlLocale(), {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}

export function PublicBooking() {
  const [from, setFrom] = useState<string | null>(null);
  const [data, setData] = useState<SlotsResponse | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [day, setDay] = useState<string | null>(null);
  const [slot, setSlot] = useState<PublicSlot | null>(null);
  const [details, setDetails] = useState<Details>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [hold, setHold] = useState<Hold | null>(null);
  const [done, setDone] = useState<Confirmed | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const [params] = useSearchParams();
  const selfCheckParam = params.get("selfCheck");
  const carried = useMemo(() => readCarried(selfCheckParam), [selfCheckParam]);
  // Sent only when the visitor ticks the box: the self-check promised nothing leaves the phone.
  const [sendSelfCheck, setSendSelfCheck] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` re-reads after a taken time
  useEffect(() => {
    const controller = new AbortController();
    callUnchecked<typeof freeTimes>(
      { method: "GET", path: "/api/public/slots" },
      { query: { type: "consultation", limit: 60, from: from ?? undefined }, signal: controller.signal },
    ).then(
      (r) => {
        setData(r);
        setLoadError(null);
        setDay((d) => (d && r.slots.some((s) => s.date === d) ? d : (r.slots[0]?.date ?? null)));
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setLoadError(e);
      },
    );
    return () => controller.abort();
  }, [from, reload]);

  const days = useMemo(() => [...new Set((data?.slots ?? []).map((s) => s.date))], [data]);
  const times = (data?.slots ?? []).filter((s) => s.date === day);

  // The list is read again, so what is offered next is what is free now.
  function takenAgain(error: ApiError, fallback: string) {
    setNotice(errorMessage(error) || fallback);
    setSlot(null);
    setHold(null);
    setReload((n) => n + 1);
  }

  async function submitDetails(e: FormEvent) {
    e.preventDefault();
    if (!slot || !data) return;
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      setHold(
        await callUnchecked<typeof holdTime>(
          { method: "POST", path: "/api/public/bookings" },
          {
            body: {
              typeId: data.type.id,
              startsAt: slot.startsAt,
              ...details,
              ...(carried && sendSelfCheck ? { selfCheck: selfCheckSummary(carried) } : {}),
              locale: currentLocale(),
            },
          },
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === "slot_taken") takenAgain(error, t("book.notice.taken"));
      else {
        setErrors(fieldErrors(error));
        setNotice(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!hold) return;
    setBusy(true);
    setNotice(null);
    try {
      setDone(
        await callUnchecked<typeof confirmBooking>(
          { method: "POST", path: "/api/public/bookings/:id/confirm" },
          { params: { id: hold.bookingId }, body: { holdToken: hold.holdToken } },
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) takenAgain(error, t("book.notice.expired"));
      else setNotice(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return done.byEmail ? (
      <CheckEmail confirmed={done} />
    ) : (
      <WeWillCall confirmed={done} phone={data?.clinic.phone ?? null} />
    );

  if (hold) {
    return (
      <Paper withBorder p={{ base: "lg", sm: "xl" }} component="section" aria-labelledby="review-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="review-title">
            {t("book.review.title")}
          </Title>
          <Text>
            <strong>{hold.type}</strong>: {formatSlot(hold.startsAt, hold.endsAt, hold.timeZone)}
          </Text>
          <Text size="sm">
            {t("book.review.for", {
              name: `${details.givenName} ${details.familyName}`,
              email: details.email,
              // A hold always has its end; the contract allows none, and then the time it starts.
              time: formatTime(hold.heldUntil ?? hold.startsAt, hold.timeZone),
            })}
          </Text>
          {notice ? (
            <Alert color="red" role="alert">
              {notice}
            </Alert>
          ) : null}
          <Group>
            <Button onClick={confirm} loading={busy}>
              {t("book.review.confirm")}
            </Button>
            <Button variant="default" onClick={() => setHold(null)} disabled={busy}>
              {t("book.review.change")}
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <Stack gap="lg">
      {carried ? (
        <SelfCheckCarried carried={carried} send={sendSelfCheck} onSendChange={setSendSelfCheck} />
      ) : null}
      {notice ? (
        <Alert color="orange" role="alert" title={t("book.notice.title")}>
          {notice}
        </Alert>
      ) : null}
      <Paper withBorder p={{ base: "lg", sm: "xl" }} component="section" aria-labelledby="when-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="when-title">
            {t("book.when.title")}
          </Title>
          {data ? (
            <Text size="sm" c="dimmed">
              {t(data.type.priceCents === 0 ? "book.when.typeFree" : "book.when.type", {
                type: data.type.name,
                minutes: data.type.minutes,
              })}
            </Text>
          ) : null}
          {loadError ? (
            <Alert color="red" role="alert">
              {errorMessage(loadError)}{" "}
              <Anchor component="button" onClick={() => setReload((n) => n + 1)}>
                {t("book.when.retry")}
              </Anchor>
            </Alert>
          ) : data === null ? (
            <Skeleton height={90} />
          ) : days.length === 0 ? (
            <Text>{t("book.when.none")}</Text>
          ) : (
            <>
              <Group gap="xs" role="group" aria-label={t("book.when.days")}>
                {days.map((d) => (
                  <Button
                    key={d}
                    size="xs"
                    variant={d === day ? "filled" : "default"}
                    aria-pressed={d === day}
                    onClick={() => setDay(d)}
                  >
                    {shortDay(d)}
                  </Button>
                ))}
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => {
                    const last = days[days.length - 1];
                    if (last) setFrom(last);
                  }}
                >
                  {t("book.when.later")}
                </Button>
              </Group>
              {day ? (
                <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                  <legend>
                    <Text fw={600} mb="xs">
                      {longDay(day)}
                    </Text>
                  </legend>
                  <SimpleGrid cols={{ base: 3, xs: 5 }} spacing="xs">
                    {times.map((s) => (
                      <Button
                        key={s.startsAt}
                        variant={slot?.startsAt === s.startsAt ? "filled" : "light"}
                        aria-pressed={slot?.startsAt === s.startsAt}
                        onClick={() => setSlot(s)}
                      >
                        {s.time}
                      </Button>
                    ))}
                  </SimpleGrid>
                </fieldset>
              ) : null}
            </>
          )}
        </Stack>
      </Paper>
      {slot && data ? (
        <Paper withBorder p={{ base: "lg", sm: "xl" }} component="section" aria-labelledby="who-title">
          <form onSubmit={submitDetails} noValidate>
            <Stack gap="sm">
              <Title order={2} size="h3" id="who-title">
                {t("book.who.title")}
              </Title>
              <Text size="sm">{t("book.who.when", { date: longDay(slot.date), time: slot.time })}</Text>
              <SimpleGrid cols={{ base: 1, xs: 2 }}>
                <TextInput
                  label={t("book.who.givenName")}
                  required
                  autoComplete="given-name"
                  value={details.givenName}
                  error={errors.givenName}
                  onChange={(e) => setDetails({ ...details, givenName: e.currentTarget.value })}
                />
                <TextInput
                  label={t("book.who.familyName")}
                  required
                  autoComplete="family-name"
                  value={details.familyName}
                  error={errors.familyName}
                  onChange={(e) => setDetails({ ...details, familyName: e.currentTarget.value })}
                />
              </SimpleGrid>
              <TextInput
                label={t("book.who.email")}
                type="email"
                required
                autoComplete="email"
                value={details.email}
                error={errors.email}
                onChange={(e) => setDetails({ ...details, email: e.currentTarget.value })}
              />
              <SimpleGrid cols={{ base: 1, xs: 2 }}>
                <TextInput
                  label={t("book.who.phone")}
                  type="tel"
                  required
                  autoComplete="tel"
                  value={details.phone}
                  error={errors.phone}
                  onChange={(e) => setDetails({ ...details, phone: e.currentTarget.value })}
                />
                <DateField
                  label={t("book.who.dateOfBirth")}
                  required
                  autoComplete="bday"
                  value={details.dateOfBirth}
                  error={errors.dateOfBirth}
                  onChange={(dateOfBirth) => setDetails({ ...details, dateOfBirth })}
                />
              </SimpleGrid>
              <Group>
                <Button type="submit" loading={busy}>
                  {t("book.who.continue")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : null}
    </Stack>
  );
}

/** The same page for every e-mail: what was asked for, and that an e-mail says what comes next. */
function CheckEmail({ confirmed }: { confirmed: Confirmed }) {
  const { booking, email } = confirmed;
  return (
    <Paper withBorder p={{ base: "lg", sm: "xl" }} component="section" aria-labelledby="sent-title">
      <Stack gap="md">
        <Group gap="xs" wrap="nowrap">
          <CalendarIcon />
          <Title order={2} size="h3" id="sent-title">
            {t("book.sent.title")}
          </Title>
        </Group>
        <Text role="status">
          {t("book.sent.text", {
            type: booking.type,
            when: formatSlot(booking.startsAt, booking.endsAt, booking.timeZone),
            location: booking.location,
            email,
          })}
        </Text>
        <Text size="sm">{t("book.sent.next")}</Text>
      </Stack>
    </Paper>
  );
}

/**
 * The same page for every e-mail when the clinic sends no e-mail: the time is kept and the clinic
 * calls to confirm it; the clinic's number if the call does not come.
 */
function WeWillCall({ confirmed, phone }: { confirmed: Confirmed; phone: string | null }) {
  const { booking } = confirmed;
  return (
    <Paper withBorder p={{ base: "lg", sm: "xl" }} component="section" aria-labelledby="call-title">
      <Stack gap="md">
        <Group gap="xs" wrap="nowrap">
          <CalendarIcon />
          <Title order={2} size="h3" id="call-title">
            {t("book.call.title")}
          </Title>
        </Group>
        <Text role="status">
          {t("book.call.text", {
            type: booking.type,
            when: formatSlot(booking.startsAt, booking.endsAt, booking.timeZone),
            location: booking.location,
          })}
        </Text>
        <Text size="sm">
          {phone ? (
            <>
              {t("book.call.next")} <Anchor href={telHref(phone)}>{phone}</Anchor>
            </>
          ) : (
            t("book.call.nextNoPhone")
          )}
        </Text>
      </Stack>
    </Paper>
  );
}

// Same key the self-check page writes; kept here as a literal so that this page does not pull the
// self-check's chunk (the protocol engine and its ruleset) into the booking page.
const SELF_CHECK_STORAGE_KEY = "remodel.selfCheck";
const OUTCOMES = ["eligible", "defer", "needs-physician-clearance", "decline"] as const;
type CarriedOutcome = (typeof OUTCOMES)[number];
interface Carried {
  answers: SelfCheckAnswers;
  outcome: CarriedOutcome | null;
  deferUntil: string | null;
}

/**
 * What the self-check carried here: the stored result when it belongs to the answers in the address
 * (otherwise only the answers, since an outcome for other answers would mislead).
 */
function readCarried(param: string | null): Carried | null {
  let stored: Carried | null = null;
  try {
    const raw = sessionStorage.getItem(SELF_CHECK_STORAGE_KEY);
    const value = raw ? (JSON.parse(raw) as Partial<Carried>) : null;
    const answers = value?.answers ? decodeAnswers(encodeAnswers(value.answers)) : null;
    if (value && answers) {
      const outcome = OUTCOMES.find((o) => o === value.outcome) ?? null;
      const deferUntil = typeof value.deferUntil === "string" ? value.deferUntil : null;
      stored = { answers, outcome, deferUntil };
    }
  } catch {
    stored = null;
  }
  if (param === null) return stored;
  const answers = decodeAnswers(param);
  if (answers === null) return stored;
  if (stored && encodeAnswers(stored.answers) === encodeAnswers(answers)) return stored;
  return { answers, outcome: null, deferUntil: null };
}

function tone(outcome: CarriedOutcome): string {
  return outcome === "eligible" ? "spruce" : outcome === "needs-physician-clearance" ? "yellow" : "orange";
}

/**
 * What is sent when the visitor chooses to: the shown result and the answers, member by member
 * (the server accepts exactly these members, each bounded).
 */
function selfCheckSummary(c: Carried): SelfCheckNote {
  const a = c.answers;
  return {
    outcome: c.outcome,
    deferUntil: c.outcome === "defer" ? c.deferUntil : null,
    answers: {
      concerns: a.concerns.slice(0, 10),
      areas: a.areas,
      age: a.age,
      sex: a.sex,
      pregnant: a.pregnant,
      breastfeeding: a.breastfeeding,
      fitzpatrick: a.fitzpatrick,
      health: a.health,
      graded: a.graded,
      isotretinoin: a.isotretinoin,
      isotretinoinLastDose: a.isotretinoin === "stopped" ? a.isotretinoinLastDose : null,
      medicines: a.medicines,
      aspirinReason: a.medicines.aspirin ? (a.aspirinReason ?? null) : null,
      startDate: a.startDate,
    },
  };
}

function SelfCheckCarried({
  carried,
  send,
  onSendChange,
}: {
  carried: Carried;
  send: boolean;
  onSendChange: (send: boolean) => void;
}) {
  const { answers, outcome, deferUntil } = carried;
  const concerns = answers.concerns.map((c) => tMaybe(`selfCheck.concern.${c}`, c)).join(", ");
  const areas = answers.areas.map((a) => tMaybe(`selfCheck.area.${a}`, a)).join(", ");
  const notYet = outcome === "decline" || outcome === "defer";
  const detail =
    outcome === "defer"
      ? deferUntil
        ? t("selfCheck.result.defer.dated", { date: formatCalendarDate(deferUntil) })
        : t("selfCheck.result.defer.undated")
      : outcome === null
        ? null
        : t(`selfCheck.result.${outcome}.text`);
  return (
    <Paper
      withBorder
      p={{ base: "lg", sm: "xl" }}
      component="section"
      aria-labelledby="self-check-carried"
      data-testid="self-check-carried"
    >
      <Stack gap="xs">
        <Title order={2} size="h3" id="self-check-carried">
          {t("booking.selfCheck.title")}
        </Title>
        {outcome ? (
          <Stack
            gap={4}
            p="sm"
            data-outcome={outcome}
            style={{
              borderLeft: `4px solid var(--mantine-color-${tone(outcome)}-7)`,
              background: `var(--mantine-color-${tone(outcome)}-0)`,
              borderRadius: 4,
            }}
          >
            <Text fw={700} c="dark.8">
              {t(`selfCheck.result.${outcome}`)}
            </Text>
            {detail ? (
              <Text size="sm" c="dark.8">
                {detail}
              </Text>
            ) : null}
            {notYet ? (
              <Text size="sm" c="dark.8">
                {t("booking.selfCheck.stillBook")}
              </Text>
            ) : null}
          </Stack>
        ) : null}
        {concerns ? <Text size="sm">{t("booking.selfCheck.concerns", { concerns })}</Text> : null}
        {areas ? <Text size="sm">{t("booking.selfCheck.areas", { areas })}</Text> : null}
        <Checkbox
          checked={send}
          onChange={(e) => onSendChange(e.currentTarget.checked)}
          label={t("booking.selfCheck.send")}
          description={t("booking.selfCheck.sendHelp")}
          data-testid="send-self-check"
        />
        <Text size="sm" c="dimmed">
          {send ? t("booking.selfCheck.willSend") : t("booking.selfCheck.notSent")}
        </Text>
        <Anchor component={Link} to="/self-check" size="sm">
          {t("booking.selfCheck.redo")}
        </Anchor>
      </Stack>
    </Paper>
  );
}
