// What everyone manages about their own account: the password, the sessions open in their name,
// new recovery codes (for those who sign in with an authenticator) and a calendar subscription.
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import {
  endOtherSessions,
  endSession,
  newRecoveryCodes,
  openSessions,
  twoFactor,
} from "../../contract/account.ts";
import { changePassword, type SessionUser } from "../../contract/auth.ts";
import {
  type CalendarFeedMade,
  makeCalendarFeed,
  myCalendarFeeds,
  stopCalendarFeed,
} from "../../contract/calendar-feeds.ts";
import type { Endpoint } from "../../contract/endpoint.ts";
import { ApiError, call, errorMessage, submit } from "../api/client.ts";
import { t } from "../i18n/index.ts";
import { formatShortDateTime } from "../lib/format.ts";
import { useApiMutation, useApiQuery } from "../lib/query.ts";
import { ErrorState, LoadingState } from "./states.tsx";

function fieldOf(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || !error.fields || Array.isArray(error.fields)) return undefined;
  return error.fields[field];
}

/**
 * One action of a section through the shared mutation layer: its busy state, its refusal and the
 * sentence said when it is done; `invalidates` names the answers it outdates.
 */
function useAction(invalidates: Endpoint[] = []) {
  const [done, setDone] = useState<string | null>(null);
  const mutation = useApiMutation(({ work }: { work: () => Promise<unknown>; message: string }) => work(), {
    invalidates,
    onMutate: () => setDone(null),
    onSuccess: (_answer, { message }) => setDone(message),
  });
  const run = (work: () => Promise<unknown>, message: string): Promise<boolean> =>
    mutation.mutateAsync({ work, message }).then(
      () => true,
      () => false,
    );
  const busy = mutation.isPending;
  const error: unknown = mutation.error;
  const message =
    error instanceof ApiError && !error.fields
      ? errorMessage(error)
      : error && !(error instanceof ApiError)
        ? t("account.failed")
        : null;
  return { busy, error, done, run, message };
}

function Status({ action }: { action: ReturnType<typeof useAction> }) {
  if (action.message)
    return (
      <Alert color="red" variant="light" role="alert">
        {action.message}
      </Alert>
    );
  return (
    <Text size="sm" c="teal.9" role="status" aria-live="polite">
      {action.done ?? ""}
    </Text>
  );
}

/** The server names what is wrong with the new password; the page says it in the reader's words. */
function newPasswordError(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  return field.startsWith("same as") ? t("account.password.same") : t("account.password.tooShort");
}

function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const action = useAction();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void action
            .run(
              () => submit(changePassword, { body: { currentPassword: current, newPassword: next } }),
              t("account.password.changed"),
            )
            .then((ok) => {
              if (!ok) return;
              setCurrent("");
              setNext("");
            });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="password-title">
            {t("account.password.title")}
          </Title>
          <PasswordInput
            label={t("account.password.current")}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={
              fieldOf(action.error, "body.currentPassword") ? t("account.password.notCurrent") : undefined
            }
          />
          <PasswordInput
            label={t("account.password.new")}
            description={t("account.password.rule")}
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={newPasswordError(fieldOf(action.error, "body.newPassword"))}
          />
          <Button type="submit" loading={action.busy} style={{ alignSelf: "flex-start" }}>
            {t("account.password.change")}
          </Button>
          <Status action={action} />
        </Stack>
      </form>
    </Paper>
  );
}

function SessionsSection({ timeZone }: { timeZone: string }) {
  const sessions = useApiQuery(openSessions);
  const action = useAction([openSessions]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="sessions-title">
          {t("account.sessions.title")}
        </Title>
        {!sessions.data ? (
          sessions.isError ? (
            <ErrorState
              error={sessions.error}
              title={t("account.sessions.loadFailed")}
              onRetry={() => void sessions.refetch()}
            />
          ) : (
            <LoadingState />
          )
        ) : (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }} data-testid="sessions">
            {sessions.data.sessions.map((s) => (
              <Group component="li" key={s.id} justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                  {s.current ? <strong>{t("account.sessions.thisBrowser")} · </strong> : null}
                  {t("account.sessions.line", {
                    browser:
                      s.browser && s.system
                        ? t("account.sessions.device", { browser: s.browser, system: s.system })
                        : (s.browser ?? s.system ?? t("account.sessions.unknownBrowser")),
                    when: formatShortDateTime(s.lastSeenAt, timeZone),
                  })}
                </Text>
                {s.current ? null : (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() =>
                      void action.run(
                        () => call(endSession, { params: { id: s.id } }),
                        t("account.sessions.ended"),
                      )
                    }
                  >
                    {t("account.sessions.end")}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        )}
        <Button
          variant="outline"
          loading={action.busy}
          style={{ alignSelf: "flex-start" }}
          onClick={() => void action.run(() => call(endOtherSessions), t("account.sessions.allEnded"))}
        >
          {t("account.sessions.endAll")}
        </Button>
        <Status action={action} />
      </Stack>
    </Paper>
  );
}

function RecoveryCodesSection() {
  const status = useApiQuery(twoFactor);
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const action = useAction([twoFactor]);
  if (!status.data?.enabled) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recovery-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void action
            .run(async () => {
              const res = await call(newRecoveryCodes, { body: { code: code.replace(/\s/g, "") } });
              setCodes(res.recoveryCodes);
              setCode("");
            }, t("account.recovery.made"))
            .then(() => {});
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="recovery-title">
            {t("account.recovery.title")}
          </Title>
          <Text size="sm">{t("account.recovery.left", { n: status.data.recoveryCodesLeft })}</Text>
          {codes ? (
            <List spacing={4} aria-label={t("account.recovery.new")}>
              {codes.map((c) => (
                <List.Item key={c}>
                  <Code>{c}</Code>
                </List.Item>
              ))}
            </List>
          ) : null}
          <TextInput
            label={t("account.recovery.code")}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fieldOf(action.error, "body.code")}
            maw={240}
          />
          <Button type="submit" loading={action.busy} style={{ alignSelf: "flex-start" }}>
            {t("account.recovery.make")}
          </Button>
          <Status action={action} />
        </Stack>
      </form>
    </Paper>
  );
}

function CalendarSection({ user }: { user: SessionUser }) {
  const [feed, setFeed] = useState<CalendarFeedMade | null>(null);
  const links = useApiQuery(myCalendarFeeds);
  const action = useAction([myCalendarFeeds]);
  const body = user.role === "provider" ? { providerId: user.id } : {};
  const stop = (id: string) =>
    void action
      .run(() => call(stopCalendarFeed, { params: { id } }), t("account.calendar.stopped"))
      .then((ok) => ok && feed?.id === id && setFeed(null));
  // The link just made is shown in full above; the list names the others by when they were made.
  const others = links.data?.feeds.filter((f) => f.id !== feed?.id) ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="calendar-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="calendar-title">
          {t("account.calendar.title")}
        </Title>
        <Text size="sm">
          {user.role === "patient" ? t("account.calendar.patient") : t("account.calendar.staff")}{" "}
          {t("account.calendar.private")}
        </Text>
        {feed ? (
          <Stack gap="xs">
            <TextInput
              label={t("account.calendar.link")}
              value={feed.url}
              readOnly
              aria-describedby="feed-help"
            />
            <Text size="xs" c="dimmed" id="feed-help">
              {t("account.calendar.howTo")}
            </Text>
            <Group gap="xs">
              <CopyButton value={feed.url}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? t("account.calendar.copied") : t("account.calendar.copy")}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="outline" color="red.9" onClick={() => stop(feed.id)}>
                {t("account.calendar.stop")}
              </Button>
            </Group>
          </Stack>
        ) : null}
        {links.isError ? (
          <ErrorState
            error={links.error}
            title={t("account.calendar.loadFailed")}
            onRetry={() => void links.refetch()}
          />
        ) : others.length > 0 ? (
          <Stack gap={4}>
            <Text size="sm" fw={600} id="feed-list-title">
              {t("account.calendar.inUse")}
            </Text>
            <Stack
              gap="xs"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: "none" }}
              aria-labelledby="feed-list-title"
              data-testid="calendar-links"
            >
              {others.map((f) => (
                <Group component="li" key={f.id} justify="space-between" wrap="wrap" gap="xs">
                  <Text size="sm">
                    {t("account.calendar.made", {
                      when: formatShortDateTime(f.createdAt, user.clinic.timeZone),
                    })}
                  </Text>
                  <Button size="xs" variant="default" onClick={() => stop(f.id)}>
                    {t("account.calendar.stop")}
                  </Button>
                </Group>
              ))}
            </Stack>
          </Stack>
        ) : null}
        {feed ? null : (
          <Button
            variant="default"
            loading={action.busy}
            style={{ alignSelf: "flex-start" }}
            onClick={() =>
              void action.run(async () => {
                setFeed(await submit(makeCalendarFeed, { body }));
              }, "")
            }
          >
            {t("account.calendar.make")}
          </Button>
        )}
        <Status action={action} />
      </Stack>
    </Paper>
  );
}

export function AccountSettings({ user }: { user: SessionUser }) {
  return (
    <Stack gap="lg" maw={760}>
      <title>{`${t("account.title")} · Remodel`}</title>
      <Title order={1}>{t("account.title")}</Title>
      <Text>
        {user.name} · {user.email}
      </Text>
      <PasswordSection />
      <SessionsSection timeZone={user.clinic.timeZone} />
      <RecoveryCodesSection />
      {user.role === "patient" || user.role === "provider" ? <CalendarSection user={user} /> : null}
    </Stack>
  );
}
