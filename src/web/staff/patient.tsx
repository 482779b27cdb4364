import { Anchor, Avatar, Badge, DataList, Grid, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { patient as patientEndpoint } from "../../contract/patients.ts";
import { ApiError } from "../api/client.ts";
import { AppointmentList } from "../components/appointments.tsx";
import { ArrowLeftIcon, CalendarIcon, UsersIcon } from "../components/icons.tsx";
import { Empty, ErrorState, LoadingState } from "../components/states.tsx";
import { splitAppointments } from "../lib/appointments.ts";
import {
  ageOn,
  formatCalendarDate,
  formatDate,
  fullName,
  initials,
  telHref,
  todayIn,
} from "../lib/format.ts";
import { useApiQuery } from "../lib/query.ts";
import { BookingRequests } from "./booking-requests.tsx";
import { PatientDesk } from "./front-desk/patient-desk.tsx";
import { useStaffUser } from "./layout.tsx";
import { ClinicalRecordSection } from "./record/consultation.tsx";
import { ScreeningPanel } from "./screening/screening-panel.tsx";

function BackLink() {
  return (
    <Anchor component={Link} to="/app/patients" size="sm" w="fit-content" underline="hover">
      <Group gap={4} component="span">
        <ArrowLeftIcon size={14} /> All patients
      </Group>
    </Anchor>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replaceAll("_", " ");
}

export function PatientPage() {
  const user = useStaffUser();
  const { patientId = "" } = useParams();
  const result = useApiQuery(patientEndpoint, { params: { id: patientId } });
  const reload = () => void result.refetch();
  const timeZone = user.clinic.timeZone;

  if (result.isError) {
    const notFound = result.error instanceof ApiError && result.error.status === 404;
    return (
      <Stack gap="lg" maw={1200}>
        <title>{`${notFound ? "Patient not found" : "Patient"} · ${user.clinic.name}`}</title>
        <BackLink />
        {notFound ? (
          <Paper withBorder>
            <Title order={1} size="h3" ta="center" pt="xl">
              Patient not found
            </Title>
            <Empty
              icon={<UsersIcon size={22} />}
              title="No patient of this clinic has this record number"
              description="The link may be out of date. Search the patient list instead."
            />
          </Paper>
        ) : (
          <>
            <Title order={1} size="h2">
              Patient
            </Title>
            <ErrorState error={result.error} title="Could not load this patient" onRetry={reload} />
          </>
        )}
      </Stack>
    );
  }

  // Between two patients, don't show the previous one's record.
  if (result.data === undefined || result.data.patient.id !== patientId) {
    return (
      <Stack gap="lg" maw={1200}>
        <BackLink />
        <LoadingState label="Loading patient…" />
      </Stack>
    );
  }

  const { patient, appointments } = result.data;
  const today = todayIn(timeZone, new Date());
  const age = ageOn(patient.dateOfBirth, today);
  const { upcoming, past } = splitAppointments(appointments, new Date());

  return (
    <Stack gap="lg" maw={1200}>
      <title>{`${fullName(patient)} · ${user.clinic.name}`}</title>
      <BackLink />
      <Group gap="md" wrap="nowrap">
        <Avatar size={56} color="spruce" radius="xl" aria-hidden="true">
          {initials(fullName(patient))}
        </Avatar>
        <div style={{ minWidth: 0 }}>
          <Title order={1} size="h2" c="spruce.9">
            {fullName(patient)}
          </Title>
          <Text c="dimmed" size="sm">
            {age !== null ? `${age} years · ` : ""}born {formatCalendarDate(patient.dateOfBirth)}
          </Text>
        </div>
      </Group>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="lg" component="section" aria-labelledby="details-title">
            <Title order={2} size="h4" id="details-title" mb="md">
              Details
            </Title>
            <DataList orientation="vertical" gap="md" size="sm">
              <Detail label="Date of birth" value={formatCalendarDate(patient.dateOfBirth)} />
              <Detail label="Sex" value={patient.sex ? capitalise(patient.sex) : null} />
              <Detail
                label="Email"
                value={
                  patient.email ? <Anchor href={`mailto:${patient.email}`}>{patient.email}</Anchor> : null
                }
              />
              <Detail
                label="Phone"
                value={patient.phone ? <Anchor href={telHref(patient.phone)}>{patient.phone}</Anchor> : null}
              />
              <Detail
                label="Fitzpatrick skin type"
                value={
                  patient.fitzpatrick ? (
                    <Badge variant="light" color="clay" radius="sm" tt="none">
                      Type {patient.fitzpatrick}
                    </Badge>
                  ) : null
                }
              />
              <Detail label="Patient since" value={formatDate(patient.createdAt, timeZone)} />
            </DataList>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="lg" component="section" aria-labelledby="appointments-title">
            <Title order={2} size="h4" id="appointments-title" mb="md">
              Appointments
            </Title>
            {appointments.length === 0 ? (
              <Empty
                icon={<CalendarIcon size={22} />}
                title="No appointments yet"
                description="Consultations and treatment sessions appear here once booked."
              />
            ) : (
              <Stack gap="lg">
                <section aria-labelledby="upcoming-title">
                  <Title order={3} size="h5" id="upcoming-title" mb="xs">
                    Upcoming ({upcoming.length})
                  </Title>
                  {upcoming.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Nothing booked.
                    </Text>
                  ) : (
                    <AppointmentList appointments={upcoming} />
                  )}
                </section>
                <section aria-labelledby="past-title">
                  <Title order={3} size="h5" id="past-title" mb="xs">
                    Past ({past.length})
                  </Title>
                  {past.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No past appointments.
                    </Text>
                  ) : (
                    <AppointmentList appointments={past} initial={5} />
                  )}
                </section>
              </Stack>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <PatientDesk patient={{ id: patient.id, name: fullName(patient) }} onBooked={reload} />
      <BookingRequests patientId={patient.id} timeZone={timeZone} />
      <ScreeningPanel patientId={patient.id} />
      <ClinicalRecordSection patientId={patient.id} role={user.role} />
    </Stack>
  );
}

function Detail({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
      <DataList.ItemValue>
        {value ?? (
          <Text span size="sm" c="dimmed">
            Not recorded
          </Text>
        )}
      </DataList.ItemValue>
    </DataList.Item>
  );
}
