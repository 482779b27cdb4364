// The front desk books a visit, a walk-in or a whole series for a patient: pick the patient, the
// kind of visit and a day; only the free times the slot search offers can be chosen.
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { type FormEvent, useEffect, useState } from "react";
import { Link } from "react-router";
import {
  bookSeries,
  bookVisit,
  checkIn as checkInEndpoint,
  type SlotView,
  slots as slotsEndpoint,
} from "../../../contract/appointments.ts";
import { patients as patientsEndpoint } from "../../../contract/patients.ts";
import { clinicSetup } from "../../../contract/setup.ts";
import { ApiError, call, errorMessage, submit } from "../../api/client.ts";
import { DayPicker } from "../../components/day-picker.tsx";
import { fullName } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { dayLabel, todayInZone } from "../calendar/calendar-time.ts";

export interface BookFor {
  patient?: { id: string; name: string } | null;
  /** The clinic-local day to search first. */
  date?: string;
  /** A time clicked on the calendar, "HH:MM": the free time nearest to it is chosen. */
  near?: string;
  providerId?: string | null;
  /** A walk-in: today, and checked in once booked. */
  walkIn?: boolean;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function BookVisitDialog({
  request,
  onClose,
  onBooked,
}: {
  request: BookFor | null;
  onClose: () => void;
  onBooked: (text: string) => void;
}) {
  if (!request) return null;
  return <BookVisitForm request={request} onClose={onClose} onBooked={onBooked} />;
}

function BookVisitForm({
  request,
  onClose,
  onBooked,
}: {
  request: BookFor;
  onClose: () => void;
  onBooked: (text: string) => void;
}) {
  const setup = useApiQuery(clinicSetup);
  const tz = setup.data?.locations[0]?.timeZone ?? "Europe/London";
  const today = todayInZone(tz);
  const [patient, setPatient] = useState(request.patient ?? null);
  const types = (setup.data?.appointmentTypes ?? []).filter((t) => t.active);
  const [typeId, setTypeId] = useState("");
  const type = types.find((t) => t.id === typeId) ?? types[0];
  const [date, setDate] = useState(request.walkIn ? "" : (request.date ?? ""));
  const day = date || today;
  const [chosen, setChosen] = useState<SlotView | null>(null);
  const [series, setSeries] = useState(false);
  const [sessions, setSessions] = useState("3");
  const [interval, setIntervalWeeks] = useState("4");
  const [checkIn, setCheckIn] = useState(request.walkIn === true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const slots = useApiQuery(
    slotsEndpoint,
    patient && type
      ? { query: { typeId: type.id, patientId: patient.id, from: day, to: day, limit: 200 } }
      : null,
  );
  const offered = slots.data?.slots ?? [];
  const providers = new Map((setup.data?.providers ?? []).map((p) => [p.id, p.name]));

  // A time clicked on the calendar: the free time nearest to it, with that provider when possible.
  // biome-ignore lint/correctness/useExhaustiveDependencies: chosen once per answer
  useEffect(() => {
    setChosen(null);
    if (!request.near || !slots.data) return;
    const near = minutes(request.near);
    const mine = offered.filter((s) => !request.providerId || s.providerId === request.providerId);
    const pool = mine.length > 0 ? mine : offered;
    const best = [...pool].sort(
      (a, b) => Math.abs(minutes(a.time) - near) - Math.abs(minutes(b.time) - near),
    )[0];
    if (best) setChosen(best);
  }, [slots.data]);

  // Times grouped by time of day, one button per time and provider.
  const byTime = new Map<string, SlotView[]>();
  for (const s of offered) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s]);

  async function book(e: FormEvent) {
    e.preventDefault();
    if (!patient || !type || !chosen) return;
    setBusy(true);
    setError(null);
    try {
      let id: string;
      let text: string;
      if (series && type.kind === "microneedling") {
        const made = await submit(bookSeries, {
          body: {
            patientId: patient.id,
            typeId: type.id,
            firstStartsAt: chosen.startsAt,
            sessions: Number(sessions),
            intervalWeeks: Number(interval),
            ...(chosen.providerId ? { providerId: chosen.providerId } : {}),
          },
        });
        id = made.appointments[0]!.id;
        text = `${patient.name}: ${sessions} sessions booked, every ${interval} weeks from ${dayLabel(chosen.date)} ${chosen.time}.`;
      } else {
        const made = await submit(bookVisit, {
          body: {
            patientId: patient.id,
            typeId: type.id,
            startsAt: chosen.startsAt,
            ...(chosen.providerId ? { providerId: chosen.providerId } : {}),
            ...(chosen.roomId ? { roomId: chosen.roomId } : {}),
            ...(chosen.deviceId ? { deviceId: chosen.deviceId } : {}),
          },
        });
        id = made.appointment.id;
        text = `${patient.name} booked: ${type.name}, ${dayLabel(chosen.date)} ${chosen.time}.`;
      }
      if (checkIn && chosen.date === today) {
        await call(checkInEndpoint, { params: { id } });
        text += " Checked in.";
      }
      onBooked(text);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.status === 409) void slots.refetch();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={request.walkIn ? "Walk-in" : "Book a visit"}
      size="lg"
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <form onSubmit={book}>
        <Stack gap="sm">
          {patient ? (
            <Group justify="space-between">
              <Text fw={600}>{patient.name}</Text>
              {request.patient ? null : (
                <Button variant="subtle" size="xs" onClick={() => setPatient(null)}>
                  Change patient
                </Button>
              )}
            </Group>
          ) : (
            <PatientPicker onPick={setPatient} />
          )}
          <Group grow align="flex-start">
            <NativeSelect
              label="Visit"
              value={type?.id ?? ""}
              onChange={(e) => {
                setTypeId(e.currentTarget.value);
                setSeries(false);
              }}
              data={types.map((t) => ({ value: t.id, label: t.name }))}
            />
            {/* A day picked to book on: the native calendar, with the day in words beside it. */}
            <DayPicker
              label="Day"
              min={today}
              value={day}
              onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
            />
          </Group>
          {patient && type ? (
            slots.isError ? (
              <Alert color="red" role="alert">
                {errorMessage(slots.error)}
              </Alert>
            ) : slots.data === undefined || slots.isFetching ? (
              <Text size="sm" c="dimmed">
                Looking for free times…
              </Text>
            ) : offered.length === 0 ? (
              <Alert color="yellow" role="status">
                {slots.data.blocked?.message ?? "No free time that day. Try another day."}
                {slots.data.notes.map((n) => (
                  <Text key={n} size="sm">
                    {n}
                  </Text>
                ))}
              </Alert>
            ) : (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend>
                  <Text size="sm" fw={500}>
                    Free times ({tz})
                  </Text>
                </legend>
                <Group gap={6} mt={6} style={{ maxHeight: 220, overflowY: "auto" }}>
                  {[...byTime.entries()].flatMap(([time, list]) =>
                    list.map((s) => {
                      const selected = chosen?.startsAt === s.startsAt && chosen.providerId === s.providerId;
                      const who = s.providerId ? (providers.get(s.providerId) ?? "") : "";
                      return (
                        <Button
                          key={`${s.startsAt}-${s.providerId}`}
                          size="xs"
                          variant={selected ? "filled" : "default"}
                          aria-pressed={selected}
                          onClick={() => setChosen(s)}
                        >
                          {time}
                          {who ? ` · ${who}` : ""}
                        </Button>
                      );
                    }),
                  )}
                </Group>
              </fieldset>
            )
          ) : null}
          {type?.kind === "microneedling" ? (
            <Stack gap={6}>
              <Checkbox
                label="Book the whole series"
                checked={series}
                onChange={(e) => setSeries(e.currentTarget.checked)}
              />
              {series ? (
                <Group grow>
                  <NativeSelect
                    label="Sessions"
                    value={sessions}
                    onChange={(e) => setSessions(e.currentTarget.value)}
                    data={["2", "3", "4", "5", "6"]}
                  />
                  <NativeSelect
                    label="Every (weeks)"
                    value={interval}
                    onChange={(e) => setIntervalWeeks(e.currentTarget.value)}
                    data={["4", "5", "6"]}
                  />
                </Group>
              ) : null}
            </Stack>
          ) : null}
          {day === today ? (
            <Checkbox
              label="Check in now (the patient is here)"
              checked={checkIn}
              onChange={(e) => setCheckIn(e.currentTarget.checked)}
            />
          ) : null}
          {chosen?.warnings.length ? (
            <Alert color="yellow">
              {chosen.warnings.map((w) => (
                <Text key={w} size="sm">
                  {w}
                </Text>
              ))}
            </Alert>
          ) : null}
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={busy} disabled={!patient || !chosen}>
              {chosen ? `Book ${dayLabel(chosen.date)}, ${chosen.time}` : "Choose a free time"}
            </Button>
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Find the patient by name, e-mail or phone; a new one is added on the patient form. */
function PatientPicker({ onPick }: { onPick: (p: { id: string; name: string }) => void }) {
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const found = useApiQuery(
    patientsEndpoint,
    debounced.length >= 2 ? { query: { limit: 8, q: debounced } } : null,
  );
  return (
    <Stack gap={6}>
      <TextInput
        label="Patient"
        placeholder="Name, e-mail or phone"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-autofocus
      />
      {debounced.length >= 2 && found.data ? (
        <Stack gap={2} component="ul" p={0} m={0} aria-label="Matching patients">
          {found.data.patients.map((p) => (
            <li key={p.id} style={{ listStyle: "none" }}>
              <UnstyledButton
                onClick={() => onPick({ id: p.id, name: fullName(p) })}
                p={6}
                w="100%"
                style={{ borderRadius: 4, border: "1px solid var(--remodel-border)" }}
              >
                <Text size="sm" fw={600}>
                  {fullName(p)}
                </Text>
                <Text size="xs" c="dimmed">
                  born {p.dateOfBirth}
                  {p.phone ? ` · ${p.phone}` : ""}
                </Text>
              </UnstyledButton>
            </li>
          ))}
          {found.data.patients.length === 0 ? (
            <Text size="sm" c="dimmed">
              No patient matches.
            </Text>
          ) : null}
        </Stack>
      ) : null}
      <Anchor component={Link} to="/app/patients/new" size="sm">
        New patient
      </Anchor>
    </Stack>
  );
}
