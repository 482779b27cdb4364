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
import { ApiError, request } from "../api/client.ts";
import type { SessionUser } from "../api/types.ts";
import { formatShortDateTime } from "../lib/format.ts";
import { useRequest } from "../lib/use-request.ts";
import { ErrorState, LoadingState } from "./states.tsx";

interface OpenSession {
  id: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

function fieldOf(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || !error.fields || Array.isArray(error.fields)) return undefined;
  return error.fields[field];
}

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(work: () => Promise<unknown>, message: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(message);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const message =
    error instanceof ApiError && !error.fields
      ? error.message
      : error && !(error instanceof ApiError)
        ? "Something went wrong. Please try again."
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
              () =>
                request("PUT", "/api/auth/password", {
                  body: { currentPassword: current, newPassword: next },
                }),
              "Your password is changed. You were signed out everywhere else.",
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
            Password
          </Title>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={fieldOf(action.error, "body.currentPassword")}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={fieldOf(action.error, "body.newPassword")}
          />
          <Button type="submit" loading={action.busy} style={{ alignSelf: "flex-start" }}>
            Change password
          </Button>
          <Status action={action} />
        </Stack>
      </form>
    </Paper>
  );
}

function SessionsSection({ timeZone }: { timeZone: string }) {
  const sessions = useRequest<{ sessions: OpenSession[] }>("/api/auth/sessions");
  const action = useAction();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="sessions-title">
          Where you are signed in
        </Title>
        {!sessions.data ? (
          sessions.status === "error" ? (
            <ErrorState
              error={sessions.error}
              title="Could not load your sessions"
              onRetry={sessions.reload}
            />
          ) : (
            <LoadingState />
          )
        ) : (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }} data-testid="sessions">
            {sessions.data.sessions.map((s) => (
              <Group component="li" key={s.id} justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                  {s.current ? <strong>This browser · </strong> : null}
                  {s.userAgent ? s.userAgent.slice(0, 80) : "Unknown browser"} · last used{" "}
                  {formatShortDateTime(s.lastSeenAt, timeZone)}
                </Text>
                {s.current ? null : (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() =>
                      void action
                        .run(() => request("DELETE", `/api/auth/sessions/${s.id}`), "That session is ended.")
                        .then((ok) => ok && sessions.reload())
                    }
                  >
                    End this session
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
          onClick={() =>
            void action
              .run(
                () => request("DELETE", "/api/auth/sessions"),
                "Signed out everywhere else; trusted browsers will ask for a code again.",
              )
              .then((ok) => ok && sessions.reload())
          }
        >
          Sign out everywhere else
        </Button>
        <Status action={action} />
      </Stack>
    </Paper>
  );
}

function RecoveryCodesSection() {
  const status = useRequest<{ enabled: boolean; recoveryCodesLeft: number }>("/api/auth/two-factor");
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const action = useAction();
  if (!status.data?.enabled) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recovery-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void action
            .run(async () => {
              const res = await request<{ recoveryCodes: string[] }>(
                "POST",
                "/api/auth/two-factor/recovery-codes",
                {
                  body: { code: code.replace(/\s/g, "") },
                },
              );
              setCodes(res.recoveryCodes);
              setCode("");
              status.reload();
            }, "New recovery codes made; the old ones no longer work.")
            .then(() => {});
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="recovery-title">
            Recovery codes
          </Title>
          <Text size="sm">
            {status.data.recoveryCodesLeft} unused recovery codes left. New codes replace them all; confirm
            with a code from your authenticator app.
          </Text>
          {codes ? (
            <List spacing={4} aria-label="New recovery codes">
              {codes.map((c) => (
                <List.Item key={c}>
                  <Code>{c}</Code>
                </List.Item>
              ))}
            </List>
          ) : null}
          <TextInput
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fieldOf(action.error, "body.code")}
            maw={240}
          />
          <Button type="submit" loading={action.busy} style={{ alignSelf: "flex-start" }}>
            Make new recovery codes
          </Button>
          <Status action={action} />
        </Stack>
      </form>
    </Paper>
  );
}

function CalendarSection({ user }: { user: SessionUser }) {
  const [feed, setFeed] = useState<{ id: string; url: string } | null>(null);
  const action = useAction();
  const body = user.role === "provider" ? { providerId: user.id } : {};
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="calendar-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="calendar-title">
          Calendar subscription
        </Title>
        <Text size="sm">
          {user.role === "patient"
            ? "Add your appointments to your phone's calendar: they stay up to date when a booking changes."
            : "Subscribe to your own appointments in your calendar app; it stays up to date."}{" "}
          The link is private: anyone who has it can read the calendar, so keep it to yourself.
        </Text>
        {feed ? (
          <Stack gap="xs">
            <TextInput label="Subscription link" value={feed.url} readOnly aria-describedby="feed-help" />
            <Text size="xs" c="dimmed" id="feed-help">
              Shown once. Paste it into your calendar app's "subscribe to calendar" (or "add by URL").
            </Text>
            <Group gap="xs">
              <CopyButton value={feed.url}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? "Copied" : "Copy the link"}
                  </Button>
                )}
              </CopyButton>
              <Button
                size="xs"
                variant="outline"
                color="red.9"
                onClick={() =>
                  void action
                    .run(
                      () => request("DELETE", `/api/calendar-feeds/${feed.id}`),
                      "That link no longer works.",
                    )
                    .then((ok) => ok && setFeed(null))
                }
              >
                Stop this link
              </Button>
            </Group>
          </Stack>
        ) : (
          <Button
            variant="default"
            loading={action.busy}
            style={{ alignSelf: "flex-start" }}
            onClick={() =>
              void action.run(async () => {
                const res = await request<{ id: string; url: string }>("POST", "/api/calendar-feeds", {
                  body,
                });
                setFeed(res);
              }, "")
            }
          >
            Make a calendar link
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
      <title>My account · Remodel</title>
      <Title order={1}>My account</Title>
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
