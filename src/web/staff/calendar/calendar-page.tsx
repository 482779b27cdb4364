// The staff calendar: a day or a week, a column per provider or per room, appointments coloured by
// type and status. Drag a visit to move it, or open it and use "Move" (keyboard-friendly); a time
// that is taken answers with the reason and the next free times. Book a visit, a series or a walk-in
// (the "Book" buttons, or a click on a free time); confirm an online hold; check-in on the day (undone
// the same day), cancel or move with the real reason, no-show after the start.
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { type DragEvent, type FormEvent, useMemo, useState } from "react";
import {
  type BookedAppointment,
  calendar as calendarEndpoint,
  cancelAppointment,
  checkIn,
  confirmHold,
  markNoShow,
  rescheduleAppointment,
  type SlotView,
  type StatusReason,
  slots as slotsEndpoint,
  undoCheckIn,
} from "../../../contract/appointments.ts";
import { clinicSetup, type SetupData } from "../../../contract/setup.ts";
import { ApiError, call, errorMessage, submit } from "../../api/client.ts";
import { DayPicker } from "../../components/day-picker.tsx";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { useApiQuery } from "../../lib/query.ts";
import { type BookFor, BookVisitDialog } from "../front-desk/book-visit.tsx";
import { TimeField } from "../time-field.tsx";
import { parseTime24 } from "../time-of-day.ts";
import {
  addDays,
  DAY_END_HOUR,
  DAY_START_HOUR,
  dayBounds,
  dayLabel,
  instantOf,
  localOf,
  timeAtOffset,
  todayInZone,
  weekStart,
} from "./calendar-time.ts";

interface Ref {
  id: string;
  name: string;
}
/** A visit as the calendar shows it: the contract's booked appointment (instants as Dates). */
export type CalendarAppointment = BookedAppointment;
type Setup = SetupData;
type Slot = SlotView;

const PX = 1.4; // pixels per minute
const REASONS: readonly (readonly [StatusReason, string])[] = [
  ["patient-request", "Patient asked"],
  ["clinic-request", "Clinic asked"],
  ["illness", "Illness"],
  ["not-eligible", "Not eligible"],
  ["provider-unavailable", "Provider unavailable"],
  ["weather", "Weather"],
  ["duplicate", "Duplicate"],
  ["other", "Other"],
] as const;
const REASON_LABEL: Record<string, string> = Object.fromEntries(REASONS);
/** The reason a select names, when it is one the server takes. */
const reasonOf = (value: string): StatusReason | undefined => REASONS.find(([r]) => r === value)?.[0];
const KIND_COLOUR: Record<string, string> = {
  consultation: "var(--mantine-color-blue-1)",
  microneedling: "var(--mantine-color-grape-1)",
  review: "var(--mantine-color-teal-1)",
};
const KIND_BORDER: Record<string, string> = {
  consultation: "var(--mantine-color-blue-7)",
  microneedling: "var(--mantine-color-grape-7)",
  review: "var(--mantine-color-teal-7)",
};
const STATUS_LABEL: Record<string, string> = {
  booked: "Booked",
  checked_in: "Checked in",
  completed: "Done",
  cancelled: "Cancelled",
  no_show: "No-show",
};

export function CalendarPage() {
  const setup = useApiQuery(clinicSetup);
  const tz = setup.data?.locations[0]?.timeZone ?? "Europe/London";
  const [view, setView] = useState<"day" | "week">("day");
  const [by, setBy] = useState<"provider" | "room">("provider");
  const [date, setDate] = useState<string | null>(null);
  const day = date ?? todayInZone(tz);
  const first = view === "day" ? day : weekStart(day);
  const span = view === "day" ? 1 : 7;
  const bounds = dayBounds(first, span, tz);
  const calendar = useApiQuery(calendarEndpoint, setup.data ? { query: bounds } : null);
  const reloadCalendar = () => void calendar.refetch();
  const [open, setOpen] = useState<CalendarAppointment | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string; slots?: Slot[] } | null>(null);
  const [pendingMove, setPendingMove] = useState<CalendarAppointment | null>(null);
  const [booking, setBooking] = useState<BookFor | null>(null);
  const [lastWhy, setLastWhy] = useState<{ reason: StatusReason; note: string }>({
    reason: "clinic-request",
    note: "",
  });

  const columns: Ref[] = useMemo(() => {
    if (!setup.data) return [];
    if (view === "week")
      return Array.from({ length: 7 }, (_, i) => ({
        id: addDays(first, i),
        name: dayLabel(addDays(first, i)),
      }));
    return by === "provider"
      ? setup.data.providers.map((p) => ({ id: p.id, name: p.name }))
      : setup.data.rooms.filter((r) => r.active).map((r) => ({ id: r.id, name: r.name }));
  }, [setup.data, view, by, first]);

  const columnOf = (a: CalendarAppointment) =>
    view === "week" ? localOf(a.startsAt, tz).date : by === "provider" ? a.provider?.id : a.room?.id;

  async function move(
    a: CalendarAppointment,
    toDate: string,
    toTime: string,
    providerId: string | null,
    why: { reason: StatusReason; note: string } = { reason: "clinic-request", note: "" },
  ) {
    const startsAt = instantOf(toDate, toTime, tz);
    setNotice(null);
    try {
      await submit(rescheduleAppointment, {
        params: { id: a.id },
        body: {
          startsAt,
          ...(providerId ? { providerId } : {}),
          reason: why.reason,
          ...(why.note ? { note: why.note } : {}),
        },
      });
      setNotice({ kind: "ok", text: `Moved ${a.patientName} to ${dayLabel(toDate)} ${toTime}.` });
      reloadCalendar();
      return true;
    } catch (error) {
      let slots: Slot[] = [];
      if (error instanceof ApiError && error.status === 409) {
        // The next free times that day for this patient and type, to offer at once.
        const r = await call(slotsEndpoint, {
          query: { typeId: a.type.id, patientId: a.patientId, from: toDate, to: toDate, limit: 200 },
        }).catch(() => ({ slots: [] as Slot[] }));
        slots = r.slots.filter((s) => s.startsAt >= startsAt).slice(0, 3);
      }
      setNotice({ kind: "error", text: `Not moved: ${errorMessage(error)}`, slots });
      setPendingMove(a);
      setLastWhy(why);
      return false;
    }
  }

  function onDrop(e: DragEvent<HTMLDivElement>, column: Ref) {
    e.preventDefault();
    const id = e.dataTransfer.getData("text/plain");
    const a = calendar.data?.appointments.find((x) => x.id === id);
    if (!a) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const time = timeAtOffset(e.clientY - rect.top, PX);
    const toDate = view === "week" ? column.id : day;
    const providerId = view === "day" && by === "provider" ? column.id : (a.provider?.id ?? null);
    void move(a, toDate, time, providerId);
  }

  if (setup.isError) return <ErrorState error={setup.error} title="Could not load the clinic set-up" />;
  const hours = Array.from({ length: DAY_END_HOUR - DAY_START_HOUR }, (_, i) => DAY_START_HOUR + i);
  const height = (DAY_END_HOUR - DAY_START_HOUR) * 60 * PX;
  const appointments = calendar.data?.appointments ?? [];
  const unplaced = appointments.filter((a) => !columns.some((c) => c.id === columnOf(a)));

  return (
    <Stack gap="md">
      <title>Calendar · Remodel</title>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Calendar</Title>
          <Text c="dimmed" size="sm">
            {view === "day" ? dayLabel(day) : `Week of ${dayLabel(first)}`} · clinic time ({tz})
          </Text>
        </div>
        <Group gap="xs">
          <Button onClick={() => setBooking({ date: day })}>Book a visit</Button>
          <Button variant="default" onClick={() => setBooking({ walkIn: true })}>
            Walk-in
          </Button>
          <Button variant="default" onClick={() => setDate(addDays(day, view === "day" ? -1 : -7))}>
            Previous
          </Button>
          <Button variant="default" onClick={() => setDate(null)}>
            Today
          </Button>
          <Button variant="default" onClick={() => setDate(addDays(day, view === "day" ? 1 : 7))}>
            Next
          </Button>
          {/* Moving about the calendar: the native picker, with the day in words. */}
          <DayPicker
            aria-label="Go to date"
            value={day}
            onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
          />
          <SegmentedControl
            aria-label="View"
            value={view}
            onChange={(v) => setView(v as "day" | "week")}
            data={[
              { value: "day", label: "Day" },
              { value: "week", label: "Week" },
            ]}
          />
          {view === "day" ? (
            <SegmentedControl
              aria-label="Columns"
              value={by}
              onChange={(v) => setBy(v as "provider" | "room")}
              data={[
                { value: "provider", label: "Providers" },
                { value: "room", label: "Rooms" },
              ]}
            />
          ) : null}
        </Group>
      </Group>
      {notice ? (
        <Alert
          color={notice.kind === "ok" ? "green" : "red"}
          role={notice.kind === "ok" ? "status" : "alert"}
        >
          <Stack gap="xs">
            <Text size="sm">{notice.text}</Text>
            {notice.slots?.length && pendingMove ? (
              <Group gap="xs">
                <Text size="sm">Free instead:</Text>
                {notice.slots.map((s) => (
                  <Button
                    key={s.startsAt}
                    size="xs"
                    variant="light"
                    onClick={() => void move(pendingMove, s.date, s.time, s.providerId, lastWhy)}
                  >
                    {s.time}
                  </Button>
                ))}
              </Group>
            ) : null}
          </Stack>
        </Alert>
      ) : null}
      {calendar.isError ? (
        <ErrorState error={calendar.error} title="Could not load the calendar" onRetry={reloadCalendar} />
      ) : calendar.data === undefined ? (
        <LoadingState label="Loading the calendar…" />
      ) : (
        <Paper withBorder style={{ overflowX: "auto" }}>
          <Box
            style={{
              display: "grid",
              gridTemplateColumns: `56px repeat(${Math.max(columns.length, 1)}, minmax(150px, 1fr))`,
            }}
          >
            <Box />
            {columns.map((c) => (
              <Text
                key={c.id}
                fw={600}
                size="sm"
                p="xs"
                style={{ borderLeft: "1px solid var(--mantine-color-gray-3)" }}
              >
                {c.name}
              </Text>
            ))}
            <Box style={{ position: "relative", height }} aria-hidden>
              {hours.map((h) => (
                <Text
                  key={h}
                  size="xs"
                  c="dimmed"
                  style={{ position: "absolute", top: (h - DAY_START_HOUR) * 60 * PX, right: 6 }}
                >
                  {String(h).padStart(2, "0")}:00
                </Text>
              ))}
            </Box>
            {columns.map((c) => (
              <Box
                key={c.id}
                role="region"
                aria-label={c.name}
                data-column={c.id}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => onDrop(e, c)}
                onClick={(e) => {
                  // A click on free space books there: the nearest free time is chosen in the dialog.
                  if (e.target !== e.currentTarget) return;
                  const rect = e.currentTarget.getBoundingClientRect();
                  const near = timeAtOffset(e.clientY - rect.top, PX);
                  const onDay = view === "week" ? c.id : day;
                  setBooking({
                    date: onDay,
                    near,
                    providerId: view === "day" && by === "provider" ? c.id : null,
                  });
                }}
                style={{
                  position: "relative",
                  height,
                  borderLeft: "1px solid var(--mantine-color-gray-3)",
                  backgroundImage: `repeating-linear-gradient(to bottom, var(--mantine-color-gray-2) 0 1px, transparent 1px ${60 * PX}px)`,
                }}
              >
                {appointments
                  .filter((a) => columnOf(a) === c.id)
                  .map((a) => (
                    <AppointmentBlock
                      key={a.id}
                      a={a}
                      tz={tz}
                      showProvider={view === "week" || by === "room"}
                      onOpen={setOpen}
                    />
                  ))}
              </Box>
            ))}
          </Box>
        </Paper>
      )}
      {unplaced.length > 0 ? (
        <Text size="sm" c="dimmed">
          {unplaced.length} appointment(s) without a {by} are not shown in these columns.
        </Text>
      ) : null}
      <BookVisitDialog
        request={booking}
        onClose={() => setBooking(null)}
        onBooked={(text) => {
          setBooking(null);
          setNotice({ kind: "ok", text });
          reloadCalendar();
        }}
      />
      <AppointmentDialog
        appointment={open}
        settings={setup.data?.settings ?? null}
        tz={tz}
        providers={setup.data?.providers ?? []}
        onClose={() => setOpen(null)}
        onMove={move}
        onChanged={(text) => {
          setNotice({ kind: "ok", text });
          setOpen(null);
          reloadCalendar();
        }}
      />
    </Stack>
  );
}

function AppointmentBlock({
  a,
  tz,
  showProvider,
  onOpen,
}: {
  a: CalendarAppointment;
  tz: string;
  showProvider: boolean;
  onOpen: (a: CalendarAppointment) => void;
}) {
  const start = localOf(a.startsAt, tz);
  const end = localOf(a.endsAt, tz);
  const top = Math.max(0, (start.minutes - DAY_START_HOUR * 60) * PX);
  const length = Math.max(18, (end.minutes - start.minutes) * PX - 2);
  const gone = a.status === "cancelled" || a.status === "no_show";
  const movable = a.status === "booked" && !a.heldUntil;
  return (
    <Box
      component="button"
      type="button"
      draggable={movable}
      onDragStart={(e: DragEvent) => e.dataTransfer.setData("text/plain", a.id)}
      onClick={() => onOpen(a)}
      data-appointment={a.id}
      aria-label={`${start.time}–${end.time} ${a.patientName}, ${a.type.name}, ${STATUS_LABEL[a.status] ?? a.status}${a.heldUntil ? ", held online" : ""}`}
      style={{
        position: "absolute",
        top,
        left: 3,
        right: 3,
        height: length,
        overflow: "hidden",
        textAlign: "left",
        font: "inherit",
        fontSize: 12,
        lineHeight: 1.25,
        padding: "2px 6px",
        cursor: movable ? "grab" : "pointer",
        color: "var(--mantine-color-black)",
        background: gone
          ? "var(--mantine-color-gray-1)"
          : (KIND_COLOUR[a.type.kind] ?? "var(--mantine-color-gray-1)"),
        border: `1px ${a.heldUntil ? "dashed" : "solid"} ${KIND_BORDER[a.type.kind] ?? "var(--mantine-color-gray-6)"}`,
        borderLeftWidth: a.status === "checked_in" ? 6 : 3,
        borderRadius: 4,
        textDecoration: gone ? "line-through" : undefined,
      }}
    >
      <strong>
        {start.time} {a.patientName}
      </strong>
      <br />
      {a.type.name}
      {showProvider && a.provider ? ` · ${a.provider.name}` : ""}
      {a.status !== "booked" ? ` · ${STATUS_LABEL[a.status] ?? a.status}` : ""}
    </Box>
  );
}

function AppointmentDialog({
  appointment: a,
  settings,
  tz,
  providers,
  onClose,
  onMove,
  onChanged,
}: {
  appointment: CalendarAppointment | null;
  settings: Setup["settings"] | null;
  tz: string;
  providers: Setup["providers"];
  onClose: () => void;
  onMove: (
    a: CalendarAppointment,
    date: string,
    time: string,
    providerId: string | null,
    why: { reason: StatusReason; note: string },
  ) => Promise<boolean>;
  onChanged: (text: string) => void;
}) {
  const [mode, setMode] = useState<"view" | "move" | "cancel" | "no-show">("view");
  const [moveDate, setMoveDate] = useState("");
  const [moveTime, setMoveTime] = useState("");
  const [moveProvider, setMoveProvider] = useState("");
  const [reason, setReason] = useState<StatusReason>("patient-request");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!a) return null;
  const start = localOf(a.startsAt, tz);
  const end = localOf(a.endsAt, tz);
  const close = () => {
    setMode("view");
    setError(null);
    onClose();
  };
  const params = { id: a.id };
  const act = async (change: () => Promise<unknown>, text: string) => {
    setBusy(true);
    setError(null);
    try {
      await change();
      setMode("view");
      onChanged(text);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const submitMove = async (e: FormEvent) => {
    e.preventDefault();
    // "1000" typed and sent with Enter is 10:00; something that is not a time stays in the form.
    const time = parseTime24(moveTime);
    if (!time) return;
    setBusy(true);
    // Success or not, the page says what happened (with free times when it was taken).
    await onMove(a, moveDate, time, moveProvider || null, { reason, note });
    setBusy(false);
    close();
  };
  const live = a.status === "booked" && !a.heldUntil;
  const today = todayInZone(tz);
  // Check-in opens on the visit's day (or as many days before as the clinic sets) and closes after it.
  const checkInOpens = addDays(start.date, -(settings?.checkInDaysBefore ?? 0));
  const checkInToday = today >= checkInOpens && today <= start.date;
  const undoable =
    a.status === "checked_in" && a.checkedInAt !== null && localOf(a.checkedInAt, tz).date === today;
  const noticeHours = settings?.cancelNoticeHours ?? 24;
  const insideNotice = new Date(a.startsAt).getTime() - Date.now() < noticeHours * 3_600_000;
  const lateIfPatient = mode === "cancel" && reason === "patient-request" && insideNotice;
  return (
    <Modal
      opened
      onClose={close}
      title={`${a.patientName} · ${a.type.name}`}
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <Stack gap="sm">
        <Text size="sm">
          {dayLabel(start.date)} {start.time}–{end.time}
          {a.provider ? ` · ${a.provider.name}` : ""}
          {a.room ? ` · ${a.room.name}` : ""}
          {a.device ? ` · ${a.device.name}` : ""}
        </Text>
        <Group gap="xs">
          <Badge variant="light">{STATUS_LABEL[a.status] ?? a.status}</Badge>
          {a.heldUntil ? <Badge color="orange">Held online</Badge> : null}
          {a.statusReason ? (
            <Badge color="gray">{REASON_LABEL[a.statusReason] ?? a.statusReason}</Badge>
          ) : null}
          {a.lateCancellation ? <Badge color="red">Late cancellation</Badge> : null}
        </Group>
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        {mode === "view" && a.heldUntil ? (
          <Group gap="xs">
            <Text size="sm">Booked online and not yet confirmed by the patient.</Text>
            <Button
              loading={busy}
              onClick={() =>
                act(() => call(confirmHold, { params }), `${a.patientName}'s booking confirmed.`)
              }
            >
              Confirm booking
            </Button>
          </Group>
        ) : null}
        {mode === "view" && live && !checkInToday ? (
          <Text size="sm" c="dimmed">
            {today < checkInOpens
              ? `Check-in opens on ${dayLabel(checkInOpens)}.`
              : "The day of this visit is over."}
          </Text>
        ) : null}
        {mode === "view" ? (
          <Group gap="xs">
            {undoable ? (
              <Button
                variant="default"
                loading={busy}
                onClick={() =>
                  act(() => submit(undoCheckIn, { params, body: {} }), `${a.patientName}'s check-in undone.`)
                }
              >
                Undo check-in
              </Button>
            ) : (
              <Button
                disabled={!live || !checkInToday}
                loading={busy}
                onClick={() => act(() => call(checkIn, { params }), `${a.patientName} checked in.`)}
              >
                Check in
              </Button>
            )}
            <Button
              variant="default"
              disabled={!live}
              onClick={() => {
                setReason("patient-request");
                setNote("");
                setMoveDate(start.date);
                setMoveTime(start.time);
                setMoveProvider(a.provider?.id ?? "");
                setMode("move");
              }}
            >
              Move
            </Button>
            <Button
              variant="default"
              color="red"
              disabled={a.status !== "booked"}
              onClick={() => {
                setReason("patient-request");
                setNote("");
                setMode("cancel");
              }}
            >
              Cancel
            </Button>
            <Button
              variant="default"
              disabled={!live || new Date(a.startsAt) > new Date()}
              onClick={() => setMode("no-show")}
            >
              No-show
            </Button>
          </Group>
        ) : mode === "move" ? (
          <form onSubmit={submitMove}>
            <Stack gap="xs">
              <Group grow>
                {/* A new day for the appointment, picked on the calendar: the native picker, in words too. */}
                <DayPicker
                  label="Date"
                  required
                  value={moveDate}
                  onChange={(e) => setMoveDate(e.currentTarget.value)}
                />
                <TimeField label="Time" stepMinutes={5} required value={moveTime} onChange={setMoveTime} />
              </Group>
              {a.provider ? (
                <NativeSelect
                  label="Provider"
                  value={moveProvider}
                  onChange={(e) => setMoveProvider(e.currentTarget.value)}
                  data={providers.map((p) => ({ value: p.id, label: p.name }))}
                />
              ) : null}
              <NativeSelect
                label="Why"
                value={reason}
                onChange={(e) => setReason(reasonOf(e.currentTarget.value) ?? reason)}
                data={REASONS.map(([value, label]) => ({ value, label }))}
              />
              <Textarea
                label="Note (optional)"
                maxLength={500}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <Group>
                <Button type="submit" loading={busy}>
                  Move here
                </Button>
                <Button variant="default" onClick={() => setMode("view")}>
                  Back
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Stack gap="xs">
            {mode === "cancel" ? (
              <NativeSelect
                label="Reason"
                value={reason}
                onChange={(e) => setReason(reasonOf(e.currentTarget.value) ?? reason)}
                data={REASONS.map(([value, label]) => ({ value, label }))}
              />
            ) : null}
            <Textarea
              label="Note (optional)"
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            {lateIfPatient ? (
              <Alert color="orange" role="status">
                Less than {noticeHours} hours before the visit: this is recorded as a late cancellation.
              </Alert>
            ) : null}
            <Group>
              <Button
                color="red"
                loading={busy}
                onClick={() =>
                  mode === "cancel"
                    ? act(
                        () =>
                          submit(cancelAppointment, { params, body: { reason, ...(note ? { note } : {}) } }),
                        `${a.patientName}'s appointment cancelled.`,
                      )
                    : act(
                        () => submit(markNoShow, { params, body: note ? { note } : {} }),
                        `${a.patientName} recorded as a no-show.`,
                      )
                }
              >
                {mode === "cancel" ? "Cancel appointment" : "Record no-show"}
              </Button>
              <Button variant="default" onClick={() => setMode("view")}>
                Back
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
