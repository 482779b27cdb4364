// A patient books the next sessions of their own plan: only the times the plan, the screening and
// the clinic allow are offered (the server decides); one session, or the rest of the series at the
// plan's interval. Free times are shown two weeks at a time, a day at a time, so a phone holds them.
// Every booking can be added to the patient's calendar.
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import {
  bookSeries,
  bookVisit,
  type SlotView,
  slots as slotsEndpoint,
} from "../../../contract/appointments.ts";
import { portalAppointments } from "../../../contract/patients.ts";
import { portalBookingOptions, portalOverview } from "../../../contract/portal.ts";
import { addDays } from "../../../domain/calendar.ts";
import { type Answer, ApiError, errorMessage, submit } from "../../api/client.ts";
import { FreeTimes } from "../../components/free-times.tsx";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";
import { formatCalendarDate, formatSlot, todayIn } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";

type Slot = SlotView;
/** What was just booked: one visit, or each visit of a series. */
type Booked = Answer<typeof bookVisit>["appointment"];

/** Days of free times shown at once; "Later" and "Earlier" move by as many. */
const SPAN_DAYS = 14;

const WARNING: Record<string, MessageKey> = {
  "too-soon-for-prep": "portalBook.warn.tooSoonForPrep",
  "past-series-interval": "portalBook.warn.pastSeriesInterval",
};
const warningText = (w: string) => (WARNING[w] ? t(WARNING[w]) : w);

export function PortalBookPage() {
  const options = useApiQuery(portalBookingOptions);
  const [typeId, setTypeId] = useState<string | null>(null);
  const type = options.data?.types.find((t) => t.id === typeId) ?? options.data?.types[0] ?? null;
  // The first span starts at the first free time the patient's plan, screening and the clinic's
  // notice allow (the server's "next free times"), so a series interval weeks long does not open
  // on empty fortnights; "Later" and "Earlier" then ask for a span by its dates.
  const today = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, new Date());
  const [from, setFrom] = useState<string | null>(null);
  const slots = useApiQuery(
    slotsEndpoint,
    type
      ? {
          query: {
            typeId: type.id,
            limit: 500,
            from: from ?? undefined,
            to: from ? addDays(from, SPAN_DAYS - 1) : undefined,
          },
        }
      : null,
  );
  const reloadSlots = () => void slots.refetch();
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [sessions, setSessions] = useState(1);
  const [intervalWeeks, setIntervalWeeks] = useState<number | null>(null);
  const [booked, setBooked] = useState<Booked[] | null>(null);
  const booking = useApiMutation(
    ({
      type,
      chosen,
      sessions,
      weeks,
    }: {
      type: { id: string };
      chosen: Slot;
      sessions: number;
      weeks: number;
    }) =>
      sessions > 1
        ? submit(bookSeries, {
            body: { typeId: type.id, firstStartsAt: chosen.startsAt, sessions, intervalWeeks: weeks },
          }).then((r) => r.appointments)
        : submit(bookVisit, { body: { typeId: type.id, startsAt: chosen.startsAt } }).then((r) => [
            r.appointment,
          ]),
    {
      // The booked time is taken now: the free times, and the patient's own visits, are read again.
      invalidates: [slotsEndpoint, portalAppointments, portalOverview],
      onSuccess: (made) => {
        setBooked(made);
        // Nothing stays selected.
        setChosen(null);
        setSessions(1);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.status === 409) {
          setChosen(null);
          reloadSlots();
        }
      },
    },
  );
  const error = booking.isError ? errorMessage(booking.error) : null;
  const busy = booking.isPending;
  const plan = options.data?.plan ?? null;
  const weeks = intervalWeeks ?? plan?.intervalWeeks.min ?? 4;
  const maxMore = Math.max(1, (plan?.sessions.max ?? 1) - (options.data?.upcomingSessions.length ?? 0));

  if (options.isError) return <ErrorState error={options.error} title={t("portalBook.loadFailed")} />;
  if (!options.data) return <LoadingState label={t("portalBook.loading")} />;

  const spanStart = from ?? slots.data?.slots[0]?.date ?? today;
  const spanEnd = addDays(spanStart, SPAN_DAYS - 1);
  const shown = (slots.data?.slots ?? []).filter((s) => s.date >= spanStart && s.date <= spanEnd);

  function moveSpan(days: number) {
    // Never before today: the ISO dates compare as strings.
    setFrom([addDays(spanStart, days), today].sort()[1] as string);
    setChosen(null);
  }

  function book() {
    if (!chosen || !type) return;
    booking.mutate({
      type,
      chosen,
      sessions: type.kind === "microneedling" && sessions > 1 ? sessions : 1,
      weeks,
    });
  }

  return (
    <Stack gap="lg">
      <title>{`${t("portalBook.title")} · Remodel`}</title>
      <div>
        <Anchor component={Link} to="/portal" size="sm">
          {t("portalBook.back")}
        </Anchor>
        <Title order={1} c="spruce.9">
          {t("portalBook.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("portalBook.intro")}
        </Text>
      </div>
      {booked ? (
        <Alert color="spruce" title={t("portalBook.booked")} role="status">
          <Stack gap={6}>
            {booked.map((b) => (
              <Group key={b.id} gap="sm">
                <Text size="sm">{formatSlot(b.startsAt, b.endsAt, b.timeZone)}</Text>
                <Anchor size="sm" href={`/api/appointments/${b.id}/ics`} download>
                  {t("portalBook.addToCalendar")}
                </Anchor>
              </Group>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {options.data.types.length > 1 ? (
        <NativeSelect
          label={t("portalBook.what")}
          value={type?.id ?? ""}
          onChange={(e) => {
            setTypeId(e.currentTarget.value);
            setChosen(null);
          }}
          data={options.data.types.map((t) => ({ value: t.id, label: t.name }))}
        />
      ) : null}
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
      {slots.isError ? (
        <ErrorState error={slots.error} title={t("portalBook.timesFailed")} onRetry={reloadSlots} />
      ) : !slots.data ? (
        <LoadingState label={t("portalBook.finding")} />
      ) : slots.data.blocked ? (
        <Alert color="orange" title={t("portalBook.blocked")} role="status">
          {slots.data.blocked.message}
        </Alert>
      ) : (
        <Paper withBorder p="lg" component="section" aria-labelledby="times-title">
          <Stack gap="md">
            <Title order={2} size="h3" id="times-title">
              {t("portalBook.chooseTime")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("portalBook.span", { from: formatCalendarDate(spanStart), to: formatCalendarDate(spanEnd) })}
            </Text>
            {shown.length === 0 ? (
              <Text>{t("portalBook.noneInSpan")}</Text>
            ) : (
              <FreeTimes times={shown} chosen={chosen} onChoose={setChosen} warningText={warningText} />
            )}
            <Group gap="xs">
              <Button
                variant="default"
                size="compact-sm"
                disabled={spanStart <= today}
                onClick={() => moveSpan(-SPAN_DAYS)}
              >
                {t("portalBook.earlier")}
              </Button>
              <Button variant="default" size="compact-sm" onClick={() => moveSpan(SPAN_DAYS)}>
                {t("portalBook.later")}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {chosen && type ? (
        <Paper withBorder p="lg">
          <Stack gap="sm">
            <Text>
              {type.name}: {formatSlot(chosen.startsAt, chosen.endsAt, slots.data?.timeZone ?? "UTC")}
            </Text>
            {chosen.warnings.map((w) => (
              <Badge key={w} color="orange" variant="light">
                {warningText(w)}
              </Badge>
            ))}
            {type.kind === "microneedling" && maxMore > 1 ? (
              <Group grow>
                <NativeSelect
                  label={t("portalBook.sessions")}
                  value={String(sessions)}
                  onChange={(e) => setSessions(Number(e.currentTarget.value))}
                  data={Array.from({ length: maxMore }, (_, i) => String(i + 1))}
                />
                {sessions > 1 && plan ? (
                  <NativeSelect
                    label={t("portalBook.weeksBetween")}
                    value={String(weeks)}
                    onChange={(e) => setIntervalWeeks(Number(e.currentTarget.value))}
                    data={Array.from(
                      { length: plan.intervalWeeks.max - plan.intervalWeeks.min + 1 },
                      (_, i) => String(plan.intervalWeeks.min + i),
                    )}
                  />
                ) : null}
              </Group>
            ) : null}
            <Group>
              <Button onClick={book} loading={busy}>
                {sessions > 1 ? t("portalBook.bookSessions", { count: sessions }) : t("portalBook.bookThis")}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
