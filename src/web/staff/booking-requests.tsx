// The patient page's note of what a visitor sent with an online booking: the self-check result
// their phone showed and the answers behind it, shown as their own account (never a screening).
import { Badge, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { bookingRequests, readSelfCheckNote } from "../../contract/booking-requests.ts";
import type { SelfCheckNote } from "../../contract/self-check-note.ts";
import { t, tMaybe } from "../i18n/index.ts";
import { formatCalendarDate, formatDate } from "../lib/format.ts";
import { useApiQuery } from "../lib/query.ts";

function SelfCheckNoteOf({ stored }: { stored: unknown }) {
  const note = readSelfCheckNote(stored);
  if (note) return <SelfCheckSummary note={note} />;
  // Said, not hidden: the desk knows answers were sent and asks again rather than assuming none.
  return stored ? <Text size="sm">{t("staff.bookingRequest.unreadable")}</Text> : null;
}

function SelfCheckSummary({ note }: { note: SelfCheckNote }) {
  const a = note.answers;
  const about = [
    a.age !== null ? t("staff.bookingRequest.age", { age: a.age }) : null,
    a.sex,
    a.pregnant ? t("staff.bookingRequest.pregnant") : null,
    a.breastfeeding ? t("staff.bookingRequest.breastfeeding") : null,
    a.fitzpatrick ? t("staff.bookingRequest.fitzpatrick", { type: a.fitzpatrick }) : null,
  ].filter((x): x is string => Boolean(x));
  const yes = [
    ...Object.entries(a.health)
      .filter(([, v]) => v === true)
      .map(([k]) => tMaybe(`selfCheck.health.${k}`, k)),
    ...Object.entries(a.medicines)
      .filter(([, v]) => v === true)
      .map(([k]) =>
        k === "aspirin" && a.aspirinReason
          ? `${t("selfCheck.medicines.aspirin")}: ${tMaybe(`selfCheck.aspirinReason.${a.aspirinReason}`, a.aspirinReason)}`
          : tMaybe(`selfCheck.medicines.${k}`, k),
      ),
    ...Object.entries(a.graded)
      .filter(([, v]) => v !== undefined && v !== "none")
      .map(([k, v]) =>
        t("staff.bookingRequest.graded", { question: tMaybe(`selfCheck.graded.${k}`, k), extent: v ?? "" }),
      ),
    ...(a.isotretinoin === "now" ? [t("staff.bookingRequest.isotretinoinNow")] : []),
    ...(a.isotretinoin === "stopped"
      ? [
          t("staff.bookingRequest.isotretinoinStopped", {
            date: a.isotretinoinLastDose ? formatCalendarDate(a.isotretinoinLastDose) : "?",
          }),
        ]
      : []),
  ];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {note.outcome
          ? `${t("staff.bookingRequest.outcome", { outcome: tMaybe(`selfCheck.result.${note.outcome}`, note.outcome) })}${
              note.outcome === "defer" && note.deferUntil
                ? ` ${t("staff.bookingRequest.deferUntil", { date: formatCalendarDate(note.deferUntil) })}`
                : ""
            }`
          : t("staff.bookingRequest.noOutcome")}
      </Text>
      {a.concerns.length > 0 ? (
        <Text size="sm">
          {t("staff.bookingRequest.concerns", {
            concerns: a.concerns.map((c) => tMaybe(`selfCheck.concern.${c}`, c)).join(", "),
          })}
        </Text>
      ) : null}
      {a.areas.length > 0 ? (
        <Text size="sm">
          {t("staff.bookingRequest.areas", {
            areas: a.areas.map((x) => tMaybe(`selfCheck.area.${x}`, x)).join(", "),
          })}
        </Text>
      ) : null}
      {about.length > 0 ? (
        <Text size="sm">{t("staff.bookingRequest.about", { about: about.join(", ") })}</Text>
      ) : null}
      {yes.length > 0 ? (
        <div>
          <Text size="sm">{t("staff.bookingRequest.yes")}:</Text>
          <List size="sm" spacing={2}>
            {yes.map((y) => (
              <List.Item key={y}>{y}</List.Item>
            ))}
          </List>
        </div>
      ) : (
        <Text size="sm">{t("staff.bookingRequest.noneYes")}</Text>
      )}
      {a.startDate ? (
        <Text size="sm">{t("staff.bookingRequest.start", { date: formatCalendarDate(a.startDate) })}</Text>
      ) : null}
    </Stack>
  );
}

/** Shown only when the patient came through online booking. */
export function BookingRequests({ patientId, timeZone }: { patientId: string; timeZone: string }) {
  const result = useApiQuery(bookingRequests, { params: { id: patientId } });
  const requests = result.data?.requests ?? [];
  if (requests.length === 0) return null;
  return (
    <Paper
      withBorder
      p="lg"
      component="section"
      aria-labelledby="booking-request-title"
      data-testid="booking-requests"
    >
      <Title order={2} size="h4" id="booking-request-title" mb="xs">
        {t("staff.bookingRequest.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t("staff.bookingRequest.intro")}
      </Text>
      <Stack gap="md">
        {requests.map((r) => (
          <Stack key={r.id} gap="xs">
            <Group gap="xs">
              <Text size="sm">
                {t("staff.bookingRequest.sent", { date: formatDate(r.createdAt, timeZone) })}
              </Text>
              {r.lapsed ? (
                <Badge variant="light" color="gray" c="dark.8" tt="none">
                  {t("staff.bookingRequest.lapsed")}
                </Badge>
              ) : (
                <Badge variant="light" color={r.confirmedAt ? "teal" : "gray"} c="dark.8" tt="none">
                  {r.confirmedAt
                    ? t("staff.bookingRequest.confirmed")
                    : t("staff.bookingRequest.unconfirmed")}
                </Badge>
              )}
            </Group>
            {r.selfCheck ? (
              // A note that no longer reads as the self-check shapes it is left out, never guessed at.
              <SelfCheckNoteOf stored={r.selfCheck} />
            ) : (
              <Text size="sm" c="dimmed">
                {t("staff.bookingRequest.none")}
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
