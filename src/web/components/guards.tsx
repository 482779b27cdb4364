import { Button, Center, Container, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, Navigate, useLocation } from "react-router";
import type { SessionUser } from "../../contract/auth.ts";
import { t } from "../i18n/index.ts";
import { isStaff, useSession } from "../session.tsx";
import { ErrorState, LoadingState } from "./states.tsx";

/**
 * Renders `children(user)` when someone of the right kind is signed in; otherwise sends them to
 * `signInPath` (remembering where they were going) or explains that this area is not theirs.
 */
export function RequireAccount({
  kind,
  signInPath,
  children,
}: {
  kind: "staff" | "patient";
  signInPath: string;
  children: (user: SessionUser) => ReactNode;
}) {
  const { session, refresh, signOut } = useSession();
  const location = useLocation();

  if (session.status === "loading") {
    return (
      <Center component="main" mih="100vh">
        <LoadingState label={t("common.checkingSession")} />
      </Center>
    );
  }
  if (session.status === "error") {
    return (
      <Container component="main" size="sm" py={96}>
        <title>Remodel</title>
        <Title order={1} size="h2" mb="md">
          {t("common.somethingWrong")}
        </Title>
        <ErrorState error={session.error} title={t("common.sessionFailed")} onRetry={refresh} />
      </Container>
    );
  }
  if (session.status === "signed-out") {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams({ next });
    if (session.expired) params.set("expired", "1");
    return <Navigate to={`${signInPath}?${params}`} replace />;
  }
  const user = session.user;
  if ((kind === "staff") === isStaff(user)) return children(user);

  const elsewhere = isStaff(user)
    ? { path: "/app", label: t("common.openStaffApp") }
    : { path: "/portal", label: t("common.openPortal") };
  return (
    <Container component="main" size="sm" py={96}>
      <title>{`${t("common.notAvailable")} · Remodel`}</title>
      <Stack align="center" ta="center" gap="md">
        <Title order={1} size="h2">
          {kind === "staff" ? t("common.staffOnly") : t("common.patientsOnly")}
        </Title>
        <Text>{t("common.signedInAs", { name: user.name, email: user.email })}</Text>
        <Stack gap="xs" w="100%" maw={280}>
          <Button component={Link} to={elsewhere.path}>
            {elsewhere.label}
          </Button>
          <Button variant="default" onClick={() => void signOut()}>
            {t("common.signOut")}
          </Button>
        </Stack>
      </Stack>
    </Container>
  );
}

/** Where to go after signing in: `next` when it is a path in the right area, otherwise the area's home. */
export function safeNext(next: string | null, area: "/app" | "/portal"): string {
  if (next === null || !next.startsWith(`${area}`) || next.startsWith("//")) return area;
  if (next.startsWith(`${area}/sign-in`)) return area;
  return next;
}
