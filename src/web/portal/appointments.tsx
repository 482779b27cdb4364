import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import {
  cancelAppointment,
  confirmHold,
  rescheduleAppointment,
  slots as slotsEndpoint,
} from "../../contract/appointments.ts";
import { type Appointment, portalAppointments } from "../../contract/patients.ts";
import { portalOverview } from "../../contract/portal.ts";
import { addDays } from "../../domain/calendar.ts";
import { ApiError, call, errorMessage, submit } from "../api/client.ts";
import { AppointmentList } from "../components/appointments.tsx";
import { type FreeTime, FreeTimes } from "../components/free-times.tsx";
import { CalendarIcon } from "../components/icons.tsx";
import { Empty, ErrorState, LoadingState } from "../components/states.tsx";
import { t } from "../i18n/index.ts";
import { splitAppointments } from "../lib/appointments.ts";
import { formatSlot, telHref, todayIn } from "../lib/format.ts";
import { useApiMutation, useApiQuery } from "../lib/query.ts";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { usePatientUser } from "./layout.tsx";

export function MyAppointmentsPage() {
  const user = usePatientUser();
  const { clinic } = usePublicClinic();
  const result = useApiQuery(portalAppointments);
  const reload = () => void result.refetch();
  const firstName = user.name.split(" ")[0] ?? user.name;

  return (
    <Stack gap="xl">
      <title>{`${t("portal.appts.title")} · ${user.clinic.name}`}</title>
      <div>
        <Text c="dimmed" size="sm">
          {t("portal.appts.hello", { name: firstName })}
        </Text>
        <Title order={1} c="spruce.9">
          {t("portal.appts.title")}
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          {t("portal.appts.clock")}
        </Text>
      </div>
      {result.isError ? (
        <ErrorState error={result.error} title={t("portal.appts.loadFailed")} onRetry={reload} />
      ) : result.data === undefined ? (
        <LoadingState label={t("portal.appts.loading")} />
      ) : (
        <>
          <ToDo />
          <Appointments
            appointments={result.data.appointments}
            noticeHours={result.data.changeNoticeHours}
            phone={clinic?.phone ?? null}
          />
        </>
      )}
    </Stack>
  );
}

/** What the patient still has to do, each a link to where it is done; the questionnaire stays reachable. */
function ToDo() {
  const overview = useApiQuery(portalOverview);
  const o = overview.data;
  if (!o) return null;
  const items: [string, string][] = [];
  if (o.plan && o.plan.status !== "accepted")
    items.push(["/portal/plan/accept", t("portal.home.acceptPlan")]);
  // The treatment consent is needed before a session; photographs are the patient's choice.
  if (!o.forms.microneedlingConsent) items.push(["/portal/consent", t("portal.home.signConsent")]);
  else if (!o.forms.photoConsent) items.push(["/portal/consent", t("portal.home.photoConsent")]);
  items.push([
    "/portal/intake",
    o.forms.intake.done ? t("portal.home.updateIntake") : t("portal.home.intake"),
  ]);
  return (
    <Stack gap="xs" component="section" aria-labelledby="todo-title">
      <Title order={2} size="h3" id="todo-title">
        {t("portal.home.todo")}
      </Title>
      <Stack gap={6} component="ul" p={0} m={0}>
        {items.map(([to, label]) => (
          <li key={to} style={{ listStyle: "none" }}>
            <Anchor component={Link} to={to}>
              {label}
            </Anchor>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

function Appointments({
  appointments,
  noticeHours,
  phone,
}: {
  appointments: Appointment[];
  noticeHours: number;
  phone: string | null;
}) {
  const [done, setDone] = useState<string | null>(null);
  const { upcoming, past } = splitAppointments(appointments, new Date());
  // A patient abroad should see that times are the clinic's, not their phone's.
  const showZone = appointments.some(
    (a) => a.locationTimeZone !== Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  return (
    <>
      <Stack gap="sm" component="section" aria-labelledby="upcoming-title">
        <Group justify="space-between">
          <Title order={2} size="h3" id="upcoming-title">
            {t("portal.appts.upcoming")}
          </Title>
          {upcoming.length > 0 ? (
            <Button component={Link} to="/portal/book" variant="light" size="compact-md">
              {t("portal.home.book")}
            </Button>
          ) : null}
        </Group>
        {done ? (
          <Alert color="spruce" role="status">
            {done}
          </Alert>
        ) : null}
        {upcoming.length === 0 ? (
          <Paper withBorder>
            <Empty
              icon={<CalendarIcon size={22} />}
              title={t("portal.home.nothingBooked")}
              description={t("portal.home.nothingBookedText")}
            >
              <Button component={Link} to="/portal/book" variant="light" mt="sm">
                {t("portal.home.book")}
              </Button>
            </Empty>
          </Paper>
        ) : (
          <Stack gap="md">
            {upcoming.map((a) => (
              <Stack
                key={a.id}
                gap={4}
                role="group"
                aria-label={`${a.type.name}, ${formatSlot(a.startsAt, a.endsAt, a.locationTimeZone)}`}
              >
                <AppointmentList appointments={[a]} showZone={showZone} />
                {/* A time asked for online is confirmed or let go at any time: nothing moves. */}
                {a.lapsed ? (
                  <Text size="sm">{t("portal.appts.lapsed")}</Text>
                ) : a.status !== "booked" ? null : !a.held &&
                  a.startsAt.getTime() - Date.now() < noticeHours * 3_600_000 ? (
                  <InsideNotice hours={noticeHours} phone={phone} />
                ) : (
                  <ChangeBooking appointment={a} phone={phone} onDone={setDone} />
                )}
              </Stack>
            ))}
          </Stack>
        )}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="past-title">
        <Title order={2} size="h3" id="past-title">
          {t("portal.appts.past")}
        </Title>
        {past.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("portal.appts.pastEmpty")}
          </Text>
        ) : (
          <AppointmentList appointments={past} initial={5} showZone={showZone} />
        )}
      </Stack>
    </>
  );
}

/** Inside the clinic's notice the visit is changed by phone: say so before the patient tries. */
function InsideNotice({ hours, phone }: { hours: number; phone: string | null }) {
  return (
    <Text size="sm" c="dimmed">
      {t("portal.change.insideNotice", { hours })}{" "}
      {phone ? <Anchor href={telHref(phone)}>{t("portal.change.callUs", { phone })}</Anchor> : null}
    </Text>
  );
}

/** Move or cancel one's own booking; inside the clinic's notice the server refuses and the clinic's phone is shown. */
function ChangeBooking({
  appointment: a,
  phone,
  onDone,
}: {
  appointment: Appointment;
  phone: string | null;
  onDone: (text: string) => void;
}) {
  const [mode, setMode] = useState<"idle" | "move" | "cancel">("idle");
  const [times, setTimes] = useState<FreeTime[] | null>(null);
  const [chosen, setChosen] = useState<FreeTime | null>(null);
  const [error, setError] = useState<{ text: string; call: boolean } | null>(null);
  const zone = a.locationTimeZone;
  const fail = (err: unknown) => {
    const late = err instanceof ApiError && err.code === "inside_notice";
    // The notice may pass while the page is open: the refusal is said in the patient's words.
    setError({ text: late ? t("portal.change.tooLate") : errorMessage(err), call: late });
  };

  async function openMove() {
    setMode("move");
    setError(null);
    setChosen(null);
    try {
      // The next two weeks of free times, as the booking page shows them.
      const from = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, new Date());
      const r = await call(slotsEndpoint, {
        query: { typeId: a.type.id, from, to: addDays(from, 13), limit: 500 },
      });
      setTimes(r.slots.filter((s) => s.startsAt !== a.startsAt.toISOString()));
    } catch (err) {
      fail(err);
    }
  }
  const change = useApiMutation(({ work }: { work: () => Promise<unknown>; text: string }) => work(), {
    invalidates: [portalAppointments, portalOverview],
    onMutate: () => setError(null),
    onSuccess: (_answer, { text }) => {
      setMode("idle");
      onDone(text);
    },
    onError: fail,
  });
  const busy = change.isPending;
  const run = (work: () => Promise<unknown>, text: string) => change.mutate({ work, text });
  const params = { id: a.id };
  return (
    <Stack gap="xs">
      {mode === "idle" && a.held ? <Text size="sm">{t("portal.held.text")}</Text> : null}
      {mode === "idle" ? (
        <Group gap="xs">
          {a.held ? (
            // Asked for online with this e-mail: signed in, the patient confirms it themself.
            <Button
              size="compact-sm"
              loading={busy}
              onClick={() => run(() => call(confirmHold, { params }), t("portal.held.confirmed"))}
            >
              {t("portal.held.confirm")}
            </Button>
          ) : (
            <Button size="compact-sm" variant="default" onClick={openMove}>
              {t("portal.change.move")}
            </Button>
          )}
          <Button size="compact-sm" variant="default" color="red" onClick={() => setMode("cancel")}>
            {t("portal.change.cancel")}
          </Button>
        </Group>
      ) : null}
      {mode === "cancel" ? (
        <Paper withBorder p="sm">
          <Text size="sm" fw={600}>
            {t("portal.change.cancelAsk")}
          </Text>
          <Group gap="xs" mt="xs">
            <Button
              size="compact-sm"
              color="red.9"
              loading={busy}
              onClick={() =>
                run(
                  () => submit(cancelAppointment, { params, body: { reason: "patient-request" } }),
                  t("portal.change.cancelled"),
                )
              }
            >
              {t("portal.change.cancelYes")}
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => setMode("idle")}>
              {t("portal.change.keep")}
            </Button>
          </Group>
        </Paper>
      ) : null}
      {mode === "move" ? (
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t("portal.change.moveTitle")}
            </Text>
            {times === null ? null : times.length === 0 ? (
              <Text size="sm">{t("portal.change.noTimes")}</Text>
            ) : (
              <FreeTimes times={times} chosen={chosen} onChoose={setChosen} />
            )}
            <Group gap="xs">
              {chosen ? (
                <Button
                  size="compact-sm"
                  loading={busy}
                  onClick={() =>
                    run(
                      () =>
                        submit(rescheduleAppointment, {
                          params,
                          body: { startsAt: chosen.startsAt, reason: "patient-request" },
                        }),
                      t("portal.change.moved", { when: formatSlot(chosen.startsAt, chosen.endsAt, zone) }),
                    )
                  }
                >
                  {t("portal.change.confirmMove", { when: formatSlot(chosen.startsAt, chosen.endsAt, zone) })}
                </Button>
              ) : null}
              <Button size="compact-sm" variant="default" onClick={() => setMode("idle")}>
                {t("portal.change.keep")}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : null}
      {error ? (
        <Alert color="red" role="alert">
          {error.text}
          {error.call && phone ? (
            <>
              {" "}
              <Anchor href={telHref(phone)}>{t("portal.change.callUs", { phone })}</Anchor>
            </>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
