// Patients' check-ins for staff: open red flags first, then ones to watch, then the rest. A member
// of staff marks one as handled once the patient has been contacted.
import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { acknowledgeCheckIn, inbox } from "../../../contract/inbox.ts";
import { type Answer, call, errorMessage } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate, formatShortDateTime } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { announceInboxChanged } from "./inbox-events.ts";

type InboxItem = Answer<typeof inbox>["items"][number];

/** The patient's photo with a check-in: clinicians open it (each view audited); front desk is told it is there. */
function CheckInPhoto({ photo, clinician }: { photo: NonNullable<InboxItem["photo"]>; clinician: boolean }) {
  if (photo.removed) {
    return (
      <Text size="sm" c="dimmed">
        {t("inbox.photo.removed")}
      </Text>
    );
  }
  if (!clinician) return <Text size="sm">{t("inbox.photo.cliniciansOnly")}</Text>;
  const id = encodeURIComponent(photo.id);
  return (
    <a href={`/api/photos/${id}/image`} target="_blank" rel="noreferrer" aria-label={t("inbox.photo.open")}>
      <img
        src={`/api/photos/${id}/image?size=thumb`}
        alt={t("inbox.photo.alt")}
        height={96}
        style={{ borderRadius: 4, display: "block" }}
        data-testid="inbox-photo"
      />
    </a>
  );
}

const COLOR = { "red-flag": "red", watch: "yellow", expected: "green" } as const;

export function InboxPage() {
  const user = useStaffUser();
  const clinician = user.role === "owner" || user.role === "provider";
  const [all, setAll] = useState(false);
  const result = useApiQuery(inbox, { query: { all } });
  const acknowledge = useApiMutation((id: string) => call(acknowledgeCheckIn, { params: { id } }), {
    invalidates: [inbox],
    onSuccess: () => announceInboxChanged(),
  });
  const error = acknowledge.isError ? errorMessage(acknowledge.error) : null;
  return (
    <Stack gap="lg">
      <title>{t("inbox.pageTitle")}</title>
      <Group justify="space-between">
        <Title order={1}>{t("inbox.title")}</Title>
        <Switch
          label={t("inbox.showHandled")}
          checked={all}
          onChange={(e) => setAll(e.currentTarget.checked)}
        />
      </Group>
      {error ? (
        <Text c="red.9" role="alert">
          {error}
        </Text>
      ) : null}
      {result.isError ? (
        <ErrorState
          error={result.error}
          title={t("inbox.loadFailed")}
          onRetry={() => void result.refetch()}
        />
      ) : result.data === undefined ? (
        <LoadingState />
      ) : (
        <>
          <Text fw={700} data-testid="open-red-flags">
            {t(result.data.openRedFlags === 1 ? "inbox.openRedFlags.one" : "inbox.openRedFlags.other", {
              n: result.data.openRedFlags,
            })}
          </Text>
          {result.data.items.length === 0 ? <Text>{t("inbox.empty")}</Text> : null}
          <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {result.data.items.map((i) => (
              <Paper
                component="li"
                key={i.id}
                withBorder
                p="md"
                data-testid="inbox-item"
                data-triage={i.triage}
              >
                <Group justify="space-between" align="flex-start">
                  <Stack gap={4}>
                    <Group gap="xs">
                      <Badge c="dark.8" variant="light" color={COLOR[i.triage]}>
                        {t(`inbox.triage.${i.triage}`)}
                      </Badge>
                      {i.acknowledgedAt ? (
                        <Badge c="dark.8" variant="outline">
                          {t("inbox.handled")}
                        </Badge>
                      ) : null}
                    </Group>
                    <Anchor component={Link} to={`/app/patients/${i.patientId}`} fw={700}>
                      {i.patientName}
                    </Anchor>
                    <Text size="sm">
                      {t("inbox.item", {
                        point: tMaybe(`checkIn.point.${i.point}`, i.point),
                        date: formatCalendarDate(i.sessionDate),
                        sent: formatShortDateTime(i.createdAt, user.clinic.timeZone),
                      })}
                    </Text>
                    {i.flags.length > 0 ? (
                      <Text size="sm">
                        {i.flags.map((f) => tMaybe(`checkIn.flag.${f.id}`, f.id)).join(" ")}
                      </Text>
                    ) : null}
                    {i.photo ? <CheckInPhoto photo={i.photo} clinician={clinician} /> : null}
                  </Stack>
                  {i.acknowledgedAt ? null : (
                    <Button size="compact-sm" variant="light" onClick={() => acknowledge.mutate(i.id)}>
                      {t("inbox.markHandled")}
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
