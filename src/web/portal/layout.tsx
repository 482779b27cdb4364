import { Anchor, Box, Button, Container, Group, Text } from "@mantine/core";
import { useState } from "react";
import { Link, Outlet, useNavigate, useOutletContext } from "react-router";
import { errorMessage } from "../api/client.ts";
import type { SessionUser } from "../api/types.ts";
import { Brand } from "../components/brand.tsx";
import { RequireAccount } from "../components/guards.tsx";
import { LogoutIcon } from "../components/icons.tsx";
import { t } from "../i18n/index.ts";
import { useSession } from "../session.tsx";
import { PortalNav } from "./plan-progress/portal-nav.tsx";

export function PortalArea() {
  return (
    <RequireAccount kind="patient" signInPath="/portal/sign-in">
      {(user) => <PortalShell user={user} />}
    </RequireAccount>
  );
}

export function usePatientUser(): SessionUser {
  return useOutletContext<{ user: SessionUser }>().user;
}

function PortalShell({ user }: { user: SessionUser }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  async function handleSignOut() {
    setError(null);
    try {
      await signOut();
      navigate("/portal/sign-in", { replace: true });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <Box mih="100vh">
      <Box
        component="header"
        bg="var(--mantine-color-body)"
        style={{ borderBottom: "1px solid var(--remodel-border)" }}
      >
        <Container size="md" py="sm">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Anchor
              component={Link}
              to="/"
              underline="never"
              aria-label={`${user.clinic.name} home`}
              style={{ minWidth: 0 }}
            >
              <Brand name={user.clinic.name} label="Patient portal" />
            </Anchor>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" visibleFrom="xs" data-testid="signed-in-name">
                {user.name}
              </Text>
              <Button component={Link} to="/portal/account" variant="subtle" size="xs">
                {t("portal.account.link")}
              </Button>
              <Button
                variant="default"
                size="xs"
                leftSection={<LogoutIcon size={14} />}
                onClick={handleSignOut}
              >
                Sign out
              </Button>
            </Group>
          </Group>
          {error ? (
            <Text size="sm" c="red.8" role="alert" mt="xs">
              {error}
            </Text>
          ) : null}
        </Container>
      </Box>
      <Container component="main" size="md" py={{ base: "lg", sm: "xl" }}>
        <PortalNav />
        <Outlet context={{ user }} />
      </Container>
    </Box>
  );
}
