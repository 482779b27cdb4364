import {
  Anchor,
  Box,
  Button,
  Group,
  Loader,
  Pagination,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useNavigation, useSearchParams } from "react-router";
import type { z } from "zod";
import { type patientSummary, patients as patientsEndpoint } from "../../contract/patients.ts";
import { SearchIcon, UsersIcon } from "../components/icons.tsx";
import { Empty, ErrorState, LoadingState } from "../components/states.tsx";
import { ageOn, formatCalendarDate, formatShortDateTime, fullName, todayIn } from "../lib/format.ts";
import { useApiQuery } from "../lib/query.ts";

type PatientListItem = z.output<typeof patientSummary>;

import { useStaffUser } from "./layout.tsx";

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

export function PatientListPage() {
  const user = useStaffUser();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);

  // The box updates at once; the URL (and so the request) follows once typing pauses.
  const [input, setInput] = useState(q);
  const [debounced] = useDebouncedValue(input.trim(), SEARCH_DELAY_MS);
  const pushed = useRef(q);
  // A tap on a result made before the pause ends must win: pushing the search then would replace
  // the navigation to the patient's page while its code is still loading.
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const leaving = useRef(false);
  leaving.current = navigation.state !== "idle" && navigation.location.pathname !== pathname;
  useEffect(() => {
    if (debounced === pushed.current || leaving.current) return;
    pushed.current = debounced;
    setParams(debounced === "" ? {} : { q: debounced }, { replace: true });
  }, [debounced, setParams]);
  // The address changed from outside (back button, the Patients link): the box follows it.
  useEffect(() => {
    if (q === pushed.current) return;
    pushed.current = q;
    setInput(q);
  }, [q]);

  const result = useApiQuery(patientsEndpoint, {
    query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, q: q === "" ? undefined : q },
  });
  const list = result.data;
  const pages = list ? Math.max(1, Math.ceil(list.total / PAGE_SIZE)) : 1;
  const timeZone = user.clinic.timeZone;
  const today = todayIn(timeZone, new Date());

  function goToPage(next: number) {
    const nextParams = new URLSearchParams(params);
    if (next === 1) nextParams.delete("page");
    else nextParams.set("page", String(next));
    setParams(nextParams);
  }

  return (
    <Stack gap="lg" maw={1200}>
      <title>{`Patients · ${user.clinic.name}`}</title>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2" c="spruce.9">
            Patients
          </Title>
          <Text c="dimmed" size="sm" aria-live="polite">
            {list ? countLabel(list.total, q) : "\u00a0"}
          </Text>
        </div>
        <Button component={Link} to="/app/patients/new">
          New patient
        </Button>
      </Group>

      <TextInput
        type="search"
        aria-label="Search patients"
        placeholder="Search by name, email or phone"
        leftSection={<SearchIcon size={16} />}
        value={input}
        onChange={(event) => setInput(event.currentTarget.value)}
        size="md"
        maw={520}
        rightSection={result.isFetching && list ? <Loader size="xs" aria-label="Searching" /> : null}
      />

      {result.isError ? (
        <ErrorState error={result.error} title="Could not load patients" onRetry={result.refetch} />
      ) : list === undefined ? (
        <LoadingState label="Loading patients…" />
      ) : list.patients.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={<UsersIcon size={22} />}
            title={q ? `No patients match “${q}”` : "No patients yet"}
            description={
              q
                ? "Check the spelling, or search by email or phone number."
                : "Patients appear here once they book or are added by the front desk."
            }
          />
        </Paper>
      ) : (
        <Box
          style={{ opacity: result.isFetching ? 0.6 : 1, transition: "opacity 120ms" }}
          aria-busy={result.isFetching}
        >
          <PatientTable patients={list.patients} timeZone={timeZone} today={today} />
          <PatientCards patients={list.patients} timeZone={timeZone} today={today} />
        </Box>
      )}

      {list && pages > 1 ? (
        <Group justify="center">
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={goToPage}
            getControlProps={(control) => ({ "aria-label": `${control} page` })}
            getItemProps={(item) => ({ "aria-label": `Page ${item}` })}
          />
        </Group>
      ) : null}
    </Stack>
  );
}

function countLabel(total: number, q: string): string {
  const noun = total === 1 ? "patient" : "patients";
  return q ? `${total} ${noun} matching “${q}”` : `${total} ${noun}`;
}

function Born({ patient, today }: { patient: PatientListItem; today: string }) {
  const age = ageOn(patient.dateOfBirth, today);
  return (
    <>
      {formatCalendarDate(patient.dateOfBirth)}
      {age !== null ? (
        <Text span c="dimmed" size="sm">
          {" "}
          · {age}
        </Text>
      ) : null}
    </>
  );
}

function NextAppointment({ at, timeZone }: { at: Date | null; timeZone: string }) {
  if (at === null) {
    return (
      <Text span c="dimmed" size="sm">
        None booked
      </Text>
    );
  }
  return <time dateTime={at.toISOString()}>{formatShortDateTime(at, timeZone)}</time>;
}

/** Desktop: a table whose rows open the patient; the name is the real link for keyboards. */
function PatientTable({
  patients,
  timeZone,
  today,
}: {
  patients: PatientListItem[];
  timeZone: string;
  today: string;
}) {
  const navigate = useNavigate();
  return (
    <Paper withBorder visibleFrom="sm" style={{ overflow: "hidden" }}>
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
        <Table.Thead bg="spruce.0">
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Date of birth · age</Table.Th>
            <Table.Th scope="col">Contact</Table.Th>
            <Table.Th scope="col">Next appointment</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {patients.map((patient) => (
            <Table.Tr
              key={patient.id}
              className="patient-row"
              onClick={(event) => {
                if ((event.target as HTMLElement).closest("a")) return;
                navigate(`/app/patients/${patient.id}`);
              }}
            >
              <Table.Td>
                <Anchor component={Link} to={`/app/patients/${patient.id}`} fw={600} underline="hover">
                  {fullName(patient)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Born patient={patient} today={today} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{patient.phone ?? "—"}</Text>
                <Text size="sm" c="dimmed">
                  {patient.email ?? ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <NextAppointment at={patient.nextAppointmentAt} timeZone={timeZone} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** Phone: one tappable card per patient. */
function PatientCards({
  patients,
  timeZone,
  today,
}: {
  patients: PatientListItem[];
  timeZone: string;
  today: string;
}) {
  return (
    <Stack component="ul" gap="xs" p={0} m={0} hiddenFrom="sm" aria-label="Patients">
      {patients.map((patient) => (
        <Box component="li" key={patient.id} style={{ listStyle: "none" }}>
          <UnstyledButton
            component={Link}
            to={`/app/patients/${patient.id}`}
            display="block"
            w="100%"
            p="md"
            bg="var(--mantine-color-body)"
            style={{ border: "1px solid var(--remodel-border)", borderRadius: "var(--mantine-radius-lg)" }}
          >
            <Text fw={600} c="spruce.8">
              {fullName(patient)}
            </Text>
            <Text size="sm">
              <Born patient={patient} today={today} />
            </Text>
            <Text size="sm" mt={4}>
              <Text span size="sm" c="dimmed">
                Next:{" "}
              </Text>
              <NextAppointment at={patient.nextAppointmentAt} timeZone={timeZone} />
            </Text>
          </UnstyledButton>
        </Box>
      ))}
    </Stack>
  );
}
