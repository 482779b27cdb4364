import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import {
  addClosure,
  openLocations,
  removeClosure,
  type SetupData,
  saveOpeningHours,
} from "../../../contract/setup.ts";
import { call, submit } from "../../api/client.ts";
import { DayPicker } from "../../components/day-picker.tsx";
import { formatCalendarDate } from "../../lib/format.ts";
import { fieldError } from "./form-errors.ts";
import { FormStatus } from "./form-status.tsx";
import { type SectionProps, useSave } from "./use-save.ts";
import { WeekGrid, type WeekRow } from "./week-grid.tsx";

export function HoursSection({ data, isOwner, reload }: SectionProps<SetupData>) {
  const [locationId, setLocationId] = useState(openLocations(data)[0]?.id ?? "");
  const location = openLocations(data).find((l) => l.id === locationId);
  const [rows, setRows] = useState<WeekRow[]>([]);
  const hours = useSave();
  const closure = useSave();
  const removal = useSave();
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const [reason, setReason] = useState("");

  useEffect(() => {
    setRows(
      data.openingHours
        .filter((h) => h.locationId === locationId)
        .map(({ weekday, start, end }) => ({ weekday, start, end })),
    );
  }, [data, locationId]);

  if (!location) return <Text>No location is set up yet.</Text>;
  const closures = data.closures.filter((c) => c.locationId === locationId);

  return (
    <Stack gap="lg">
      {openLocations(data).length > 1 ? (
        <Select
          label="Location"
          data={openLocations(data).map((l) => ({ value: l.id, label: l.name }))}
          value={locationId}
          onChange={(v) => v && setLocationId(v)}
          allowDeselect={false}
          maw={360}
        />
      ) : null}
      <Paper withBorder p="md" component="section" aria-labelledby="opening-hours-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="opening-hours-title">
            Opening hours · {location.name}
          </Title>
          <Text size="sm" c="dimmed" data-testid="time-zone">
            Times are on the clinic's clock ({location.timeZone}). Two intervals on one day leave a break
            between them.
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void hours
                .run(
                  () =>
                    submit(saveOpeningHours, {
                      params: { id: locationId },
                      body: { hours: rows },
                    }),
                  "Opening hours saved.",
                )
                .then((ok) => ok && reload());
            }}
          >
            <Stack gap="sm">
              <WeekGrid
                rows={rows}
                onChange={setRows}
                readOnly={!isOwner}
                error={hours.error}
                label="opening"
              />
              {isOwner ? (
                <Button type="submit" loading={hours.busy} style={{ alignSelf: "flex-start" }}>
                  Save opening hours
                </Button>
              ) : null}
              <FormStatus error={hours.error} done={hours.done} />
            </Stack>
          </form>
        </Stack>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="closures-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="closures-title">
            Closures
          </Title>
          {closures.length === 0 ? (
            <Text size="sm" c="dimmed">
              No closures.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={320}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Dates</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    {isOwner ? <Table.Th>Remove</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {closures.map((c) => {
                    const dates =
                      c.first === c.last
                        ? formatCalendarDate(c.first)
                        : `${formatCalendarDate(c.first)} – ${formatCalendarDate(c.last)}`;
                    return (
                      <Table.Tr key={c.id}>
                        <Table.Td>{dates}</Table.Td>
                        <Table.Td>{c.reason}</Table.Td>
                        {isOwner ? (
                          <Table.Td>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              aria-label={`Remove closure ${dates}`}
                              onClick={() =>
                                void removal
                                  .run(
                                    () => call(removeClosure, { params: { id: c.id } }),
                                    "Closure removed.",
                                  )
                                  .then((ok) => ok && reload())
                              }
                            >
                              Remove
                            </Button>
                          </Table.Td>
                        ) : null}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <FormStatus error={removal.error} done={removal.done} />
          {isOwner ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void closure
                  .run(
                    () =>
                      submit(addClosure, {
                        body: { locationId, first, last: last || first, reason },
                      }),
                    "Closure added.",
                  )
                  .then((ok) => {
                    if (!ok) return;
                    setFirst("");
                    setLast("");
                    setReason("");
                    reload();
                  });
              }}
            >
              <Group align="flex-start" gap="sm" wrap="wrap">
                {/* Closures are days picked on a calendar: the native picker, with the day in words. */}
                <DayPicker
                  label="First day closed"
                  required
                  value={first}
                  onChange={(e) => setFirst(e.currentTarget.value)}
                  error={fieldError(closure.error, "body.first")}
                />
                <DayPicker
                  label="Last day closed"
                  description="Empty: one day"
                  value={last}
                  onChange={(e) => setLast(e.currentTarget.value)}
                  error={fieldError(closure.error, "body.last")}
                />
                <TextInput
                  label="Reason"
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  error={fieldError(closure.error, "body.reason")}
                />
                <Button type="submit" mt={{ base: 0, sm: 25 }} loading={closure.busy}>
                  Add closure
                </Button>
              </Group>
              <FormStatus error={closure.error} done={closure.done} />
            </form>
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
