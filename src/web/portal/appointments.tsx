import { Anchor, Button, Paper, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import type { Appointment } from "../api/types.ts";
import { AppointmentList } from "../components/appointments.tsx";
import { CalendarIcon } from "../components/icons.tsx";
import { Empty, ErrorState, LoadingState } from "../components/states.tsx";
import { splitAppointments } from "../lib/appointments.ts";
import { telHref } from "../lib/format.ts";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { useRequest } from "../lib/use-request.ts";
import { usePatientUser } from "./layout.tsx";

export function MyAppointmentsPage() {
  const user = usePatientUser();
  const { clinic } = usePublicClinic();
  const result = useRequest<{ appointments: Appointment[] }>("/api/portal/appointments");
  const firstName = user.name.split(" ")[0] ?? user.name;

  return (
    <Stack gap="xl">
      <title>{`My appointments · ${user.clinic.name}`}</title>
      <div>
        <Text c="dimmed" size="sm">
          Hello, {firstName}
        </Text>
        <Title order={1} c="spruce.9">
          My appointments
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          Times are shown on the clinic's clock.
        </Text>
      </div>
      {result.status === "error" ? (
        <ErrorState error={result.error} title="Could not load your appointments" onRetry={result.reload} />
      ) : result.data === null ? (
        <LoadingState label="Loading your appointments…" />
      ) : (
        <Appointments appointments={result.data.appointments} phone={clinic?.phone ?? null} />
      )}
    </Stack>
  );
}

function Appointments({ appointments, phone }: { appointments: Appointment[]; phone: string | null }) {
  const { upcoming, past } = splitAppointments(appointments, new Date());
  // A patient abroad should see that times are the clinic's, not their phone's.
  const showZone = appointments.some(
    (a) => a.locationTimeZone !== Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  return (
    <>
      <Stack gap="sm" component="section" aria-labelledby="upcoming-title">
        <Title order={2} size="h3" id="upcoming-title">
          Upcoming
        </Title>
        {upcoming.length === 0 ? (
          <Paper withBorder>
            <Empty
              icon={<CalendarIcon size={22} />}
              title="Nothing booked right now"
              description={
                phone ? (
                  <>
                    To book your next session, call us on <Anchor href={telHref(phone)}>{phone}</Anchor>.
                  </>
                ) : (
                  "To book your next session, please contact the clinic."
                )
              }
            >
              <Button component={Link} to="/book" variant="light" mt="sm">
                Booking options
              </Button>
            </Empty>
          </Paper>
        ) : (
          <AppointmentList appointments={upcoming} showZone={showZone} />
        )}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="past-title">
        <Title order={2} size="h3" id="past-title">
          Past
        </Title>
        {past.length === 0 ? (
          <Text c="dimmed" size="sm">
            Your past visits will be listed here.
          </Text>
        ) : (
          <AppointmentList appointments={past} initial={5} showZone={showZone} />
        )}
      </Stack>
    </>
  );
}
