// Aftercare after each session: where the patient is on the protocol's timeline now (recomputed
// every minute from the session's end), the healing chart with "you are here", and the check-in.
import { Alert, Badge, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { portalAppointments } from "../../../contract/patients.ts";
import { portalAftercare } from "../../../contract/portal.ts";
import {
  type AftercareAdvice,
  lateWarningSignsShown,
  whereAmI,
} from "../../../domain/protocol/aftercare-timeline.ts";
import type { Answer } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tCount, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate, formatShortDateTime } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { CheckInForm } from "../check-ins/check-in-form.tsx";
import { usePatientUser } from "../layout.tsx";
import { HealingChart } from "./healing-chart.tsx";

type AftercareSession = Answer<typeof portalAftercare>["sessions"][number];

/** An advice line from the message catalogue (the protocol's text only for a clinic's own entry). */
function adviceText(a: AftercareAdvice): string {
  return tMaybe(`aftercare.advice.${a.id}`, a.text);
}

/** "6 hours after your session", counted with the language's plural rules. */
function elapsedText(hours: number): string {
  if (hours <= 0) return t("aftercare.endOfSession");
  if (hours < 1) return tCount("aftercare.elapsed.minutes", Math.floor(hours * 60));
  if (hours < 48) return tCount("aftercare.elapsed.hours", Math.floor(hours));
  const days = Math.floor(hours / 24);
  if (days < 14) return tCount("aftercare.elapsed.days", days);
  return tCount("aftercare.elapsed.weeks", Math.floor(days / 7));
}

/** Before any written-up session; a patient who has had sessions is not told they have had none. */
function NoAftercareYet() {
  const visits = useApiQuery(portalAppointments);
  const treated = (visits.data?.appointments ?? []).some(
    (a) => a.status === "completed" && a.type.kind === "microneedling",
  );
  if (visits.data === undefined) return <LoadingState label={t("common.loading")} />;
  return <Text>{treated ? t("aftercare.notWrittenUp") : t("aftercare.none")}</Text>;
}

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

export function AftercarePage() {
  const user = usePatientUser();
  const result = useApiQuery(portalAftercare);
  const reload = () => void result.refetch();
  const now = useNow();
  return (
    <Stack gap="xl">
      <title>{`${t("aftercare.title")} · ${user.clinic.name}`}</title>
      <Title order={1} c="spruce.9">
        {t("aftercare.title")}
      </Title>
      {result.isError ? (
        <ErrorState error={result.error} title={t("common.loadFailed")} onRetry={reload} />
      ) : result.data === undefined ? (
        <LoadingState label={t("common.loading")} />
      ) : result.data.sessions.length === 0 ? (
        <NoAftercareYet />
      ) : (
        <>
          {lateWarningSignsShown(
            result.data.sessions[0]?.endedAt ?? result.data.now,
            now.toISOString(),
            result.data.timeZone,
          ) ? (
            <Alert
              color="red"
              variant="light"
              title={t("aftercare.late.title")}
              data-testid="late-warning-signs"
            >
              {t("aftercare.late.text")}
            </Alert>
          ) : null}
          {result.data.sessions.slice(0, 1).map((s) => (
            <SessionAftercare
              key={s.chartId}
              session={s}
              now={now}
              timeZone={result.data!.timeZone}
              onCheckedIn={reload}
            />
          ))}
          {result.data.forecast ? (
            <Paper withBorder p="md" component="section" aria-labelledby="healing">
              <Title order={2} size="h3" id="healing" mb="sm">
                {t("aftercare.chart.title")}
              </Title>
              <HealingChart
                forecast={result.data.forecast}
                today={new Intl.DateTimeFormat("en-CA", { timeZone: result.data.timeZone }).format(now)}
              />
            </Paper>
          ) : null}
        </>
      )}
    </Stack>
  );
}

function SessionAftercare({
  session,
  now,
  timeZone,
  onCheckedIn,
}: {
  session: AftercareSession;
  now: Date;
  timeZone: string;
  onCheckedIn: () => void;
}) {
  const where = whereAmI(session.timeline, now.toISOString());
  const current = where.current;
  const done = session.checkIns.find((c) => c.point === session.openCheckIn);
  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-labelledby="now">
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t("aftercare.session", { n: session.number, date: formatCalendarDate(session.sessionDate) })}
          </Text>
          <Title order={2} size="h3" id="now">
            {t("aftercare.now")}
          </Title>
          <Text data-testid="where-am-i">
            {where.status === "before"
              ? t("aftercare.beforeEnd")
              : // What to expect now; what to do is the list below, not repeated here.
                [
                  elapsedText(where.elapsedHours),
                  [...(current?.expect ?? []), ...(current?.scheduling ?? [])].map(adviceText).join(" "),
                ]
                  .filter(Boolean)
                  .join(": ")}
          </Text>
          {current ? (
            <>
              {current.do.length > 0 ? (
                <>
                  <Text fw={700}>{t("aftercare.do")}</Text>
                  <List size="sm">
                    {current.do.map((a) => (
                      <List.Item key={a.id}>{adviceText(a)}</List.Item>
                    ))}
                  </List>
                </>
              ) : null}
              {current.redFlags.length > 0 ? (
                <Alert color="red" variant="light" title={t("aftercare.callIf")}>
                  {current.redFlags.map(adviceText).join(" ")}
                </Alert>
              ) : null}
            </>
          ) : null}
          {where.next ? (
            <Text size="sm">
              {t("aftercare.next", {
                label: elapsedText(where.next.offsetHours),
                when: formatShortDateTime(where.next.start, timeZone),
              })}
            </Text>
          ) : null}
        </Stack>
      </Paper>
      {session.openCheckIn ? (
        done ? (
          <Text>
            {t("aftercare.checkInDone", { point: t(`checkIn.point.${session.openCheckIn}`) })}{" "}
            <Badge
              c="dark.8"
              variant="light"
              color={done.triage === "red-flag" ? "red" : done.triage === "watch" ? "yellow" : "green"}
              data-testid="check-in-triage"
            >
              {tMaybe(`aftercare.triage.${done.triage}`, done.triage)}
            </Badge>
            {done.photoId ? (
              <img
                src={`/api/portal/photos/${encodeURIComponent(done.photoId)}/image?size=thumb`}
                alt={t("checkIn.photo.yours")}
                height={96}
                style={{ display: "block", borderRadius: 4, marginTop: 8 }}
                data-testid="check-in-photo"
                onError={(e) => {
                  // A photo the clinic has since removed is simply not shown.
                  e.currentTarget.style.display = "none";
                }}
              />
            ) : null}
          </Text>
        ) : (
          <CheckInForm chartId={session.chartId} point={session.openCheckIn} onDone={onCheckedIn} />
        )
      ) : null}
      <details>
        <summary>{t("aftercare.timeline")}</summary>
        <List size="sm" mt="xs" spacing={6}>
          {session.timeline.points.map((p) => (
            <List.Item key={p.id} fw={p.id === current?.id ? 700 : undefined}>
              {formatShortDateTime(p.start, timeZone)}: {elapsedText(p.offsetHours)}
              {p.expect.length > 0 ? ` — ${p.expect.map(adviceText).join(" ")}` : ""}
            </List.Item>
          ))}
        </List>
      </details>
    </Stack>
  );
}
