import { Anchor, Box, Button, Container, Divider, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { Brand } from "../components/brand.tsx";
import { MailIcon, PhoneIcon } from "../components/icons.tsx";
import { LanguageSwitch } from "../components/language-switch.tsx";
import { t } from "../i18n/index.ts";
import { telHref } from "../lib/format.ts";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { isStaff, useSession } from "../session.tsx";
import { Link } from "./router.tsx";

function AccountLink() {
  const { session } = useSession();
  if (session.status === "signed-in") {
    const staff = isStaff(session.user);
    return (
      <Button component={Link} to={staff ? "/app" : "/portal"} variant="subtle">
        {staff ? t("layout.staffApp") : t("layout.myAppointments")}
      </Button>
    );
  }
  return (
    <Button component={Link} to="/portal/sign-in" variant="subtle">
      {t("layout.signIn")}
    </Button>
  );
}

const MENU = [
  ["/self-check", "nav.selfCheck"],
  ["/compare", "nav.compare"],
  ["/faq", "nav.faq"],
  ["/prices", "nav.prices"],
] as const;

/** Below the desktop width the site's pages are behind a menu button (not only in the footer). */
function PhoneMenuButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <Button
      variant="default"
      hiddenFrom="md"
      aria-expanded={open}
      aria-controls="site-phone-menu"
      onClick={onToggle}
      px="xs"
      aria-label={t("nav.menu")}
    >
      <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        {open ? (
          <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        ) : (
          <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        )}
      </svg>
    </Button>
  );
}

export function SiteLayout({ children }: { children: ReactNode }) {
  const { clinic } = usePublicClinic();
  const name = clinic?.name ?? "Remodel";
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <Box bg="var(--mantine-color-body)" mih="100vh" style={{ display: "flex", flexDirection: "column" }}>
      <Box component="header" style={{ borderBottom: "1px solid var(--remodel-border)" }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Anchor
              component={Link}
              to="/"
              underline="never"
              aria-label={t("layout.home", { name })}
              style={{ minWidth: 0 }}
            >
              <Brand name={name} label={t("layout.brand")} />
            </Anchor>
            <Group component="nav" aria-label={t("layout.mainNav")} gap={4} wrap="nowrap">
              <Button component={Link} to="/self-check" variant="subtle" visibleFrom="md">
                {t("nav.selfCheck")}
              </Button>
              <Button component={Link} to="/compare" variant="subtle" visibleFrom="md">
                {t("nav.compare")}
              </Button>
              <Button component={Link} to="/faq" variant="subtle" visibleFrom="md">
                {t("nav.faq")}
              </Button>
              <Button component={Link} to="/prices" variant="subtle" visibleFrom="md">
                {t("nav.prices")}
              </Button>
              <AccountLink />
              <LanguageSwitch />
              <Button component={Link} to="/book" visibleFrom="xs">
                {t("common.book")}
              </Button>
              <PhoneMenuButton open={menuOpen} onToggle={() => setMenuOpen((o) => !o)} />
            </Group>
          </Group>
          {menuOpen ? (
            <Stack component="nav" id="site-phone-menu" aria-label="Menu" gap={2} pt="sm" hiddenFrom="md">
              {MENU.map(([to, key]) => (
                <Button
                  key={to}
                  component={Link}
                  to={to}
                  variant="subtle"
                  justify="flex-start"
                  onClick={() => setMenuOpen(false)}
                >
                  {t(key)}
                </Button>
              ))}
              <Button component={Link} to="/book" hiddenFrom="xs" onClick={() => setMenuOpen(false)}>
                Book a consultation
              </Button>
            </Stack>
          ) : null}
        </Container>
      </Box>
      <Box component="main" style={{ flex: 1 }}>
        {children}
      </Box>
      <Box component="footer" bg="spruce.9" c="spruce.0" py="xl">
        <Container size="lg">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
            <Stack gap={6}>
              <Text fw={700} c="white">
                {name}
              </Text>
              <Text size="sm">{t("layout.tagline")}</Text>
            </Stack>
            <Stack gap={6}>
              <Text fw={700} c="white">
                {t("layout.contact")}
              </Text>
              {clinic ? (
                <>
                  {clinic.phone ? (
                    <Group gap={6} wrap="nowrap">
                      <PhoneIcon size={16} />
                      <Anchor href={telHref(clinic.phone)} c="spruce.0" size="sm">
                        {clinic.phone}
                      </Anchor>
                    </Group>
                  ) : null}
                  {clinic.email ? (
                    <Group gap={6} wrap="nowrap">
                      <MailIcon size={16} />
                      <Anchor href={`mailto:${clinic.email}`} c="spruce.0" size="sm">
                        {clinic.email}
                      </Anchor>
                    </Group>
                  ) : null}
                </>
              ) : (
                <Text size="sm">{t("layout.contactLoading")}</Text>
              )}
            </Stack>
            <Stack gap={6}>
              <Text fw={700} c="white">
                {t("layout.accounts")}
              </Text>
              <Anchor component={Link} to="/self-check" c="spruce.0" size="sm">
                {t("nav.selfCheck")}
              </Anchor>
              <Anchor component={Link} to="/compare" c="spruce.0" size="sm">
                {t("nav.compare")}
              </Anchor>
              <Anchor component={Link} to="/faq" c="spruce.0" size="sm">
                {t("nav.faq")}
              </Anchor>
              <Anchor component={Link} to="/prices" c="spruce.0" size="sm">
                {t("nav.prices")}
              </Anchor>
              <Anchor component={Link} to="/portal/sign-in" c="spruce.0" size="sm">
                {t("layout.patientPortal")}
              </Anchor>
              <Anchor component={Link} to="/app/sign-in" c="spruce.0" size="sm">
                {t("layout.staffSignIn")}
              </Anchor>
            </Stack>
          </SimpleGrid>
          <Divider my="lg" color="spruce.7" />
          <Text size="xs">{t("layout.disclaimer")}</Text>
        </Container>
      </Box>
    </Box>
  );
}
