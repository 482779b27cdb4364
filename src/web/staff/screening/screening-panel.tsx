import { Badge, Divider, Group, Paper, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate, todayIn } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";
import { useStaffUser } from "../layout.tsx";
import { ClearanceGrants } from "./clearance-grant.tsx";
import { concernsFromIntake } from "./profile-body.ts";
import { ProfileEditor } from "./profile-editor.tsx";
import { ScreeningForm } from "./screening-form.tsx";
import { OUTCOME_TEXT, ScreeningResult } from "./screening-result.tsx";
import type { ClinicalProfile, Screening } from "./types.ts";

/** The patient page's screening panel: the profile the engine reads, running a screening, history. */
export function ScreeningPanel({ patientId }: { patientId: string }) {
  const user = useStaffUser();
  const profile = useRequest<ClinicalProfile>(
    `/api/patients/${encodeURIComponent(patientId)}/clinical-profile`,
  );
  const history = useRequest<{ screenings: Screening[]; total: number }>(
    `/api/patients/${encodeURIComponent(patientId)}/screenings?limit=20`,
  );
  const intake = useRequest<{
    last: { answers: { concerns: { indication: string; zones: string[] }[] } } | null;
  }>(`/api/patients/${encodeURIComponent(patientId)}/intake`);
  const [shown, setShown] = useState<Screening | null>(null);

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="screening-title">
      <Title order={2} size="h4" id="screening-title" mb="md">
        Screening
      </Title>
      {profile.status === "error" && !profile.data ? (
        <ErrorState
          error={profile.error}
          title="Could not load the clinical profile"
          onRetry={profile.reload}
        />
      ) : !profile.data ? (
        <LoadingState label="Loading clinical profile…" />
      ) : (
        <Stack gap="lg">
          <ProfileEditor patientId={patientId} profile={profile.data} onChange={profile.reload} />
          <Divider />
          <ScreeningForm
            // Starts from the intake's concerns once they are known.
            key={intake.data ? "from-intake" : "blank"}
            initialConcerns={concernsFromIntake(intake.data?.last?.answers.concerns)}
            patientId={patientId}
            profile={profile.data}
            today={todayIn(user.clinic.timeZone, new Date())}
            onScreened={(s) => {
              setShown(s);
              history.reload();
            }}
          />
          {shown ? <ScreeningResult screening={shown} /> : null}
          {/* Remounted when a screening is added: a newer screening supersedes a grant. */}
          <ClearanceGrants
            key={history.data?.total ?? 0}
            patientId={patientId}
            screenings={history.data?.screenings ?? []}
          />
          <Divider />
          <section aria-labelledby="screening-history-title">
            <Title order={3} size="h5" id="screening-history-title" mb="xs">
              History
            </Title>
            {history.data && history.data.screenings.length > 0 ? (
              <Stack gap={4}>
                {history.data.screenings.map((s) => (
                  <UnstyledButton
                    key={s.id}
                    onClick={() => setShown(s)}
                    aria-label={`Show screening of ${formatCalendarDate(s.screeningDate)}: ${OUTCOME_TEXT[s.outcome].label}`}
                  >
                    <Group gap="sm" wrap="nowrap">
                      <Text size="sm" w={110}>
                        {formatCalendarDate(s.screeningDate)}
                      </Text>
                      <Badge color={OUTCOME_TEXT[s.outcome].color} variant="light" c="dark.8" tt="none">
                        {OUTCOME_TEXT[s.outcome].label}
                      </Badge>
                      {s.kind === "rescreen" ? (
                        <Badge color="gray" variant="outline" c="dark.8" tt="none">
                          re-screen
                        </Badge>
                      ) : null}
                      {s.requiresReview ? (
                        <Badge color="orange" variant="outline" c="dark.8" tt="none">
                          review
                        </Badge>
                      ) : null}
                      <Text size="xs" c="dimmed" truncate="end">
                        {s.protocolVersion}
                      </Text>
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                No screenings yet.
              </Text>
            )}
          </section>
        </Stack>
      )}
    </Paper>
  );
}
