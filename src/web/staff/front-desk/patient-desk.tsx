// On a patient's page: book a visit or a series for them, and their signed consents as PDFs.
import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { patientConsents } from "../../../contract/consents.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { type BookFor, BookVisitDialog } from "./book-visit.tsx";

const KIND: Record<string, string> = {
  microneedling: "Treatment consent",
  photo: "Photo consent",
};

export function PatientDesk({
  patient,
  onBooked,
}: {
  patient: { id: string; name: string };
  onBooked: () => void;
}) {
  const [params, setParams] = useSearchParams();
  const [booking, setBooking] = useState<BookFor | null>(params.get("book") === "1" ? { patient } : null);
  const [done, setDone] = useState<string | null>(null);
  const consents = useApiQuery(patientConsents, { params: { id: patient.id } });
  const close = () => {
    setBooking(null);
    if (params.has("book")) setParams({}, { replace: true });
  };
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="desk-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="desk-title">
            Front desk
          </Title>
          <Group gap="xs">
            <Button onClick={() => setBooking({ patient })}>Book a visit</Button>
            <Button variant="default" onClick={() => setBooking({ patient, walkIn: true })}>
              Walk-in now
            </Button>
          </Group>
        </Group>
        {done ? (
          <Alert color="green" role="status">
            {done}
          </Alert>
        ) : null}
        <div>
          <Text size="sm" fw={600}>
            Signed consents
          </Text>
          {consents.data && consents.data.history.length > 0 ? (
            <Stack gap={2} component="ul" p={0} m={0}>
              {consents.data.history.map((c) => (
                <li key={c.id} style={{ listStyle: "none" }}>
                  <Anchor href={`/api/consents/${c.id}/pdf`} target="_blank" rel="noreferrer" size="sm">
                    {KIND[c.kind] ?? c.kind} v{c.templateVersion}, signed{" "}
                    {formatCalendarDate(c.signedAt.toISOString().slice(0, 10))} (
                    {c.signedVia === "portal" ? "online" : "at the clinic"}) · PDF
                  </Anchor>
                </li>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {consents.isPending ? "Loading…" : "None signed yet."}
            </Text>
          )}
        </div>
      </Stack>
      <BookVisitDialog
        request={booking}
        onClose={close}
        onBooked={(text) => {
          setDone(text);
          close();
          onBooked();
        }}
      />
    </Paper>
  );
}
