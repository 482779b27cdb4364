import { Anchor, Box, Button, Container, Group, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, Outlet, useNavigate, useOutletContext } from "react-router";
import type { SessionUser } from "../../contract/auth.ts";
import { portalLocale, savePortalLocale } from "../../contract/portal.ts";
import { call, errorMessage } from "../api/client.ts";
import { Brand } from "../components/brand.tsx";
import { RequireAccount } from "../components/guards.tsx";
import { LogoutIcon } from "../components/icons.tsx";
import { chooseLocale, LanguageSwitch } from "../components/language-switch.tsx";
import { currentLocale, isLocale, type Locale, t } from "../i18n/index.ts";
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

  // The language remembered on the account wins over this device's guess (a new phone, a shared
  // computer); a choice made here is saved on the account.
  useEffect(() => {
    let live = true;
    call(portalLocale).then(
      ({ locale }) => {
        if (live && isLocale(locale) && locale !== currentLocale()) void chooseLocale(locale);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  function saveLocale(locale: Locale) {
    call(savePortalLocale, { body: { locale } }).catch((caught: unknown) => setError(errorMessage(caught)));
  }

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
          {/* On a phone the clinic's name keeps its own line; the account buttons wrap below it. */}
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Anchor
              component={Link}
              to="/"
              underline="never"
              aria-label={t("layout.home", { name: user.clinic.name })}
              style={{ minWidth: 0 }}
            >
              <Brand name={user.clinic.name} label={t("layout.patientPortal")} />
            </Anchor>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" visibleFrom="xs" data-testid="signed-in-name">
                {user.name}
              </Text>
              <LanguageSwitch onChange={saveLocale} />
              <Button component={Link} to="/portal/account" variant="subtle" size="xs">
                {t("portal.account.link")}
              </Button>
              <Button
                variant="default"
                size="xs"
                leftSection={<LogoutIcon size={14} />}
                onClick={handleSignOut}
              >
                {t("layout.signOut")}
              </Button>
            </Group>
          </Group>
          {error ? (
            <Text size="sm" c="red.9" role="alert" mt="xs">
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
