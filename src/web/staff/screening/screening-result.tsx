import { Alert, Badge, Code, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import type { Explanation, Screening } from "../../../contract/screenings.ts";
import { formatCalendarDate } from "../../lib/format.ts";

export const OUTCOME_TEXT: Record<Screening["outcome"], { label: string; color: string }> = {
  eligible: { label: "Eligible", color: "green" },
  defer: { label: "Defer", color: "yellow" },
  "needs-physician-clearance": { label: "Needs physician clearance", color: "orange" },
  decline: { label: "Decline", color: "red" },
};

const KIND_TITLE: Record<Explanation["kind"], string> = {
  reason: "Reasons",
  caution: "Cautions",
  prepInstruction: "Preparation instructions",
  excludedZone: "Excluded zones",
};

function ExplanationList({ items, kind }: { items: Explanation[]; kind: Explanation["kind"] }) {
  if (items.length === 0) return null;
  return (
    <section aria-label={KIND_TITLE[kind]}>
      <Title order={4} size="h6" mb={4}>
        {KIND_TITLE[kind]}
      </Title>
      <List spacing="sm" size="sm">
        {items.map((e) => (
          <List.Item key={`${e.kind}-${e.id}-${e.zone ?? ""}`}>
            <Text size="sm">{e.patientText}</Text>
            <Text size="xs" c="dimmed">
              {e.clinicianText}
            </Text>
            <Text size="xs" c="dimmed">
              {e.id}
              {e.earliestEligible ? ` · earliest ${formatCalendarDate(e.earliestEligible)}` : ""}
              {e.sources.length > 0 ? ` · sources: ${e.sources.join(", ")}` : ""}
            </Text>
          </List.Item>
        ))}
      </List>
    </section>
  );
}

export function ScreeningResult({ screening }: { screening: Screening }) {
  const o = screening.output;
  const outcome = OUTCOME_TEXT[o.outcome];
  const byKind = (kind: Explanation["kind"]) => o.explanations.filter((e) => e.kind === kind);
  return (
    <Stack gap="md" data-testid="screening-result">
      <Group gap="sm">
        <Badge
          size="lg"
          color={outcome.color}
          variant="light"
          c="dark.8"
          tt="none"
          data-testid="screening-outcome"
        >
          {outcome.label}
        </Badge>
        {o.deferral === "dated" && o.deferUntil ? (
          <Text size="sm">until {formatCalendarDate(o.deferUntil)}</Text>
        ) : null}
        {o.deferral === "undated" ? <Text size="sm">until the condition has ended (no date yet)</Text> : null}
      </Group>
      <Text size="xs" c="dimmed">
        Screened for {formatCalendarDate(screening.requestedAppointment)} on{" "}
        {formatCalendarDate(screening.screeningDate)}
        {screening.screenedBy.name ? ` by ${screening.screenedBy.name}` : ""} · protocol{" "}
        <Code>{screening.protocolVersion}</Code>
        {screening.kind === "rescreen" ? " · re-screen under a new version" : ""}
      </Text>
      {screening.requiresReview ? (
        <Alert color="orange" variant="light" title="A clinician must review this decision" role="note">
          <List size="sm">
            {o.unrecognizedMedications.map((m) => (
              <List.Item key={`m-${m.index}`}>Medication not recognised: {m.name}</List.Item>
            ))}
            {screening.reviewNotes.map((n) => (
              <List.Item key={n.recordId}>Condition the protocol does not name: {n.label}</List.Item>
            ))}
            {o.unrecognizedMedications.length === 0 && screening.reviewNotes.length === 0 ? (
              <List.Item>
                The medication records disagree (name and code point at different classes).
              </List.Item>
            ) : null}
          </List>
        </Alert>
      ) : null}
      <ExplanationList items={byKind("reason")} kind="reason" />
      <ExplanationList items={byKind("caution")} kind="caution" />
      <ExplanationList items={byKind("prepInstruction")} kind="prepInstruction" />
      <ExplanationList items={byKind("excludedZone")} kind="excludedZone" />
      {o.plan ? (
        <section aria-label="Plan">
          <Title order={4} size="h6" mb={4}>
            Plan
          </Title>
          <Table.ScrollContainer minWidth={420}>
            <Table fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Concern</Table.Th>
                  <Table.Th>Sessions</Table.Th>
                  <Table.Th>Every (weeks)</Table.Th>
                  <Table.Th>Maintenance (months)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...o.plan.series, { indication: "Combined", seriesRule: "", ...o.plan.combined }].map(
                  (s) => (
                    <Table.Tr key={s.indication}>
                      <Table.Td>{s.indication}</Table.Td>
                      <Table.Td>
                        {s.sessions.min}–{s.sessions.max}
                      </Table.Td>
                      <Table.Td>
                        {s.intervalWeeks.min}–{s.intervalWeeks.max}
                      </Table.Td>
                      <Table.Td>
                        {s.maintenanceMonths.min}–{s.maintenanceMonths.max}
                      </Table.Td>
                    </Table.Tr>
                  ),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="sm" mt="xs">
            Deepest needle depth:{" "}
            {Object.entries(o.plan.maxDepthMmByZone)
              .map(([zone, mm]) => `${zone} ${mm} mm`)
              .join(", ")}
          </Text>
        </section>
      ) : null}
    </Stack>
  );
}
