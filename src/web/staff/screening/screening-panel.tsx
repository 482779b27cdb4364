import { Badge, Divider, Group, Paper, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import type { z } from "zod";
import { type intakeAnswersBody, patientIntake } from "../../../contract/intake.ts";
import { clinicalProfile, patientScreenings, type Screening } from "../../../contract/screenings.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate, todayIn } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { ClearanceGrants } from "./clearance-grant.tsx";
import { concernsFromIntake } from "./profile-body.ts";
import { ProfileEditor } from "./profile-editor.tsx";
import { ScreeningForm } from "./screening-form.tsx";
import { OUTCOME_TEXT, ScreeningResult } from "./screening-result.tsx";

/** The patient page's screening panel: the profile the engine reads, running a screening, history. */
export function ScreeningPanel({ patientId }: { patientId: string }) {
  const user = useStaffUser();
  const params = { id: patientId };
  const profile = useApiQuery(clinicalProfile, { params });
  const history = useApiQuery(patientScreenings, { params, query: { limit: 20 } });
  const intake = useApiQuery(patientIntake, { params });
  // The intake's answers as the patient sent them (their shape is the intake's body).
  const answers = intake.data?.last?.answers as z.output<typeof intakeAnswersBody> | undefined;
  const [shown, setShown] = useState<Screening | null>(null);

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="screening-title">
      <Title order={2} size="h4" id="screening-title" mb="md">
        Screening
      </Title>
      {profile.isError && !profile.data ? (
        <ErrorState
          error={profile.error}
          title="Could not load the clinical profile"
          onRetry={() => void profile.refetch()}
        />
      ) : !profile.data ? (
        <LoadingState label="Loading clinical profile…" />
      ) : (
        <Stack gap="lg">
          <ProfileEditor
            patientId={patientId}
            profile={profile.data}
            onChange={() => void profile.refetch()}
          />
          <Divider />
          <ScreeningForm
            // Starts from the intake's concerns once they are known.
            key={intake.data ? "from-intake" : "blank"}
            initialConcerns={concernsFromIntake(answers?.concerns)}
            patientId={patientId}
            profile={profile.data}
            today={todayIn(user.clinic.timeZone, new Date())}
            onScreened={(s) => {
              setShown(s);
              void history.refetch();
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
