// Physician clearance on the screening panel: what the latest screening asks a physician to clear,
// the grant form (physicians only: every reason ticked, a note), and the grants made so far (a
// physician may withdraw one in force, with a reason).
import { Alert, Badge, Button, Checkbox, Group, List, Stack, Text, Textarea, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import type { z } from "zod";
import {
  clearanceGrants,
  grantClearance,
  type grantView,
  withdrawClearance,
} from "../../../contract/clearance-grants.ts";
import type { Screening } from "../../../contract/screenings.ts";
import { ApiError, call, errorMessage } from "../../api/client.ts";
import { t } from "../../i18n/index.ts";
import { formatCalendarDate, todayIn } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { OUTCOME_TEXT } from "./screening-result.tsx";

type Grant = z.output<typeof grantView>;

function outcomeText(d: Grant["decision"]): string {
  if (d.outcome === "defer")
    return t("staff.clearance.afterDeferred", {
      until: d.deferUntil ? `until ${formatCalendarDate(d.deferUntil)}` : "until the condition has ended",
    });
  const label = OUTCOME_TEXT[d.outcome as Screening["outcome"]]?.label ?? d.outcome;
  return t("staff.clearance.after", { outcome: label });
}

function badgeOf(g: Grant): { color: string; text: string } {
  if (g.withdrawn) return { color: "gray", text: t("staff.clearance.withdrawnBadge") };
  return g.current
    ? { color: "teal", text: t("staff.clearance.current") }
    : { color: "gray", text: t("staff.clearance.superseded") };
}

/** A physician withdraws a grant: a reason, then confirm. */
function WithdrawGrant({ grant, done }: { grant: Grant; done: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const withdraw = useApiMutation(
    () => call(withdrawClearance, { params: { id: grant.id }, body: { reason } }),
    {
      invalidates: [clearanceGrants],
      onSuccess: () => {
        setOpen(false);
        setReason("");
        done();
      },
    },
  );
  const error = withdraw.error;
  const fields =
    error instanceof ApiError && error.fields && !Array.isArray(error.fields) ? error.fields : {};
  if (!open)
    return (
      <Button
        size="xs"
        variant="outline"
        color="red.9"
        style={{ alignSelf: "flex-start" }}
        onClick={() => setOpen(true)}
      >
        {t("staff.clearance.withdraw")}
      </Button>
    );
  function submit(event: FormEvent) {
    event.preventDefault();
    withdraw.mutate();
  }
  return (
    <form
      onSubmit={submit}
      aria-label={t("staff.clearance.withdrawTitle", { date: formatCalendarDate(grant.grantedOn) })}
    >
      <Stack gap="xs">
        <Textarea
          label={t("staff.clearance.withdrawReason")}
          description={t("staff.clearance.withdrawHelp")}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
          required
          error={fields["body.reason"]}
        />
        {error && !fields["body.reason"] ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(error)}
          </Alert>
        ) : null}
        <Group gap="sm">
          <Button
            type="submit"
            size="xs"
            color="red.9"
            loading={withdraw.isPending}
            disabled={reason.trim() === ""}
          >
            {t("staff.clearance.withdrawConfirm")}
          </Button>
          <Button type="button" size="xs" variant="default" onClick={() => setOpen(false)}>
            {t("staff.clearance.withdrawCancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ClearanceGrants({ patientId, screenings }: { patientId: string; screenings: Screening[] }) {
  const user = useStaffUser();
  const isPhysician = user.role === "provider" && user.credential === "physician";
  const result = useApiQuery(clearanceGrants, { params: { id: patientId } });
  const [ticked, setTicked] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const granting = useApiMutation(
    (screeningId: string) =>
      call(grantClearance, { params: { id: screeningId }, body: { reasons: ticked, note } }),
    {
      invalidates: [clearanceGrants],
      onMutate: () => setDone(null),
      onSuccess: () => {
        setDone(t("staff.clearance.granted"));
        setTicked([]);
        setNote("");
      },
    },
  );
  const error = granting.error;

  const data = result.data;
  if (!data || (data.grants.length === 0 && data.pending === null)) return null;
  const pending = data.pending;
  const screening = pending ? screenings.find((s) => s.id === pending.screeningId) : undefined;
  const textOf = (reason: string) =>
    screening?.output.explanations.find((e) => e.kind === "reason" && e.id === reason)?.clinicianText ?? "";
  const fields =
    error instanceof ApiError && error.fields && !Array.isArray(error.fields) ? error.fields : {};

  function grant(event: FormEvent) {
    event.preventDefault();
    if (!pending) return;
    granting.mutate(pending.screeningId);
  }

  return (
    <section aria-labelledby="clearance-title" data-testid="clearance">
      <Stack gap="sm">
        <Title order={3} size="h5" id="clearance-title">
          {t("staff.clearance.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("staff.clearance.safety")}
        </Text>
        {pending ? (
          isPhysician ? (
            <form onSubmit={grant}>
              <Stack gap="sm">
                <Checkbox.Group
                  label={t("staff.clearance.pending")}
                  description={t("staff.clearance.tickAll")}
                  value={ticked}
                  onChange={setTicked}
                  error={fields["body.reasons"]}
                >
                  <Stack gap={6} mt="xs">
                    {pending.reasons.map((r) => (
                      <Checkbox
                        key={r}
                        value={r}
                        label={t("staff.clearance.clear", { reason: r })}
                        description={textOf(r)}
                      />
                    ))}
                  </Stack>
                </Checkbox.Group>
                <Textarea
                  label={t("staff.clearance.note")}
                  description={t("staff.clearance.noteHelp")}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  maxLength={2000}
                  autosize
                  minRows={2}
                  required
                  error={fields["body.note"]}
                />
                <Button
                  type="submit"
                  loading={granting.isPending}
                  disabled={ticked.length !== pending.reasons.length || note.trim() === ""}
                  style={{ alignSelf: "flex-start" }}
                >
                  {t("staff.clearance.grant")}
                </Button>
              </Stack>
            </form>
          ) : (
            <Stack gap={4}>
              <Text size="sm">{t("staff.clearance.pending")}</Text>
              <List size="sm">
                {pending.reasons.map((r) => (
                  <List.Item key={r}>
                    {r}
                    {textOf(r) ? ` · ${textOf(r)}` : ""}
                  </List.Item>
                ))}
              </List>
              <Text size="sm" c="dimmed">
                {t("staff.clearance.physicianOnly")}
              </Text>
            </Stack>
          )
        ) : null}
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(error)}
          </Alert>
        ) : null}
        <Text size="sm" c="teal.9" role="status" aria-live="polite">
          {done ?? ""}
        </Text>
        {data.grants.length > 0 ? (
          <Stack gap="xs">
            <Title order={4} size="h6">
              {t("staff.clearance.history")}
            </Title>
            {data.grants.map((g) => (
              <Stack key={g.id} gap={2} data-testid="clearance-grant">
                <Group gap="xs">
                  <Text size="sm">
                    {t("staff.clearance.grantedBy", {
                      name: g.grantedBy.name ?? "",
                      date: formatCalendarDate(g.grantedOn),
                    })}
                  </Text>
                  <Badge variant="light" color={badgeOf(g).color} c="dark.8" tt="none">
                    {badgeOf(g).text}
                  </Badge>
                </Group>
                <Text size="sm">{g.reasons.join(", ")}</Text>
                <Text size="sm">{outcomeText(g.decision)}</Text>
                <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                  {g.note}
                </Text>
                {g.withdrawn ? (
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {t("staff.clearance.withdrawnBy", {
                      name: g.withdrawn.by.name ?? "",
                      date: formatCalendarDate(todayIn(user.clinic.timeZone, g.withdrawn.at)),
                      reason: g.withdrawn.reason,
                    })}
                  </Text>
                ) : isPhysician ? (
                  <WithdrawGrant grant={g} done={() => setDone(t("staff.clearance.withdrawnDone"))} />
                ) : null}
              </Stack>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </section>
  );
}
