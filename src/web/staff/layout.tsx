import {
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Button,
  Group,
  NavLink,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { Link, Outlet, useLocation, useNavigate, useOutletContext } from "react-router";
import type { SessionUser } from "../../contract/auth.ts";
import { inbox as inboxEndpoint } from "../../contract/inbox.ts";
import { errorMessage } from "../api/client.ts";
import { Brand } from "../components/brand.tsx";
import { RequireAccount } from "../components/guards.tsx";
import {
  AlertIcon,
  CalendarIcon,
  ClockIcon,
  LogoutIcon,
  SparkIcon,
  UsersIcon,
} from "../components/icons.tsx";
import { initials } from "../lib/format.ts";
import { useApiQuery } from "../lib/query.ts";
import { describeRole, useSession } from "../session.tsx";
import { onInboxChanged } from "./inbox/inbox-events.ts";

/** Check-ins not yet handled, counted again on every page change. */
function InboxCount({ path }: { path: string }) {
  const inbox = useApiQuery(inboxEndpoint, { query: { limit: 200 } });
  const { refetch } = inbox;
  const reload = useCallback(() => void refetch(), [refetch]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: counted again when the page changes
  useEffect(reload, [path, reload]);
  useEffect(() => onInboxChanged(reload), [reload]);
  const open = inbox.data?.items.length ?? 0;
  if (open === 0) return null;
  const red = inbox.data?.openRedFlags ?? 0;
  return (
    <Badge
      size="sm"
      circle={open < 10}
      color={red > 0 ? "red" : "spruce"}
      aria-label={`${open} open${red > 0 ? `, ${red} red flag${red === 1 ? "" : "s"}` : ""}`}
      data-testid="inbox-count"
    >
      {open}
    </Badge>
  );
}

type StaffRole = "owner" | "provider" | "front_desk";
const EVERYONE: readonly StaffRole[] = ["owner", "provider", "front_desk"];
const CLINICIANS: readonly StaffRole[] = ["owner", "provider"];
const OWNER: readonly StaffRole[] = ["owner"];

/** The menu, each entry for the roles that can use its page (not merely read a refusal there). */
export const NAV: { to: string; label: string; icon: ReactNode; roles: readonly StaffRole[] }[] = [
  { to: "/app/patients", label: "Patients", icon: <UsersIcon />, roles: EVERYONE },
  { to: "/app/calendar", label: "Calendar", icon: <CalendarIcon />, roles: EVERYONE },
  { to: "/app/inbox", label: "Inbox", icon: <AlertIcon />, roles: EVERYONE },
  { to: "/app/outbox", label: "Outbox", icon: <ClockIcon />, roles: EVERYONE },
  { to: "/app/settings/protocol", label: "Protocol", icon: <SparkIcon />, roles: CLINICIANS },
  { to: "/app/settings/setup", label: "Clinic set-up", icon: <ClockIcon />, roles: CLINICIANS },
  { to: "/app/settings/clinic", label: "Clinic profile", icon: <ClockIcon />, roles: OWNER },
  { to: "/app/settings/team", label: "Team", icon: <UsersIcon />, roles: OWNER },
  { to: "/app/import", label: "Import records", icon: <UsersIcon />, roles: CLINICIANS },
  { to: "/app/settings/api-clients", label: "API clients", icon: <SparkIcon />, roles: OWNER },
  { to: "/app/settings/consent-wording", label: "Consent wording", icon: <SparkIcon />, roles: OWNER },
  { to: "/app/settings/data-rights", label: "Data rights", icon: <UsersIcon />, roles: OWNER },
  { to: "/app/settings/webhooks", label: "Webhooks", icon: <SparkIcon />, roles: OWNER },
  { to: "/app/recalls", label: "Lot recall", icon: <AlertIcon />, roles: CLINICIANS },
  { to: "/app/gallery", label: "Marketing gallery", icon: <SparkIcon />, roles: CLINICIANS },
  { to: "/app/account", label: "My account", icon: <UsersIcon />, roles: EVERYONE },
];

export function navFor(role: string) {
  return NAV.filter((item) => (item.roles as readonly string[]).includes(role));
}

export function StaffArea() {
  return (
    <RequireAccount kind="staff" signInPath="/app/sign-in">
      {(user) => <StaffShell user={user} />}
    </RequireAccount>
  );
}

/** The signed-in staff member, for pages inside the staff app. */
export function useStaffUser(): SessionUser {
  return useOutletContext<{ user: SessionUser }>().user;
}

function UserSummary({ user }: { user: SessionUser }) {
  return (
    <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
      <Avatar color="spruce" radius="xl" aria-hidden="true">
        {initials(user.name)}
      </Avatar>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate="end" data-testid="signed-in-name">
          {user.name}
        </Text>
        <Text size="xs" c="dimmed" truncate="end" data-testid="signed-in-role">
          {describeRole(user)}
        </Text>
      </div>
    </Group>
  );
}

function StaffShell({ user }: { user: SessionUser }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [signOutError, setSignOutError] = useState<string | null>(null);

  // On a phone the navbar covers the page: close it whenever the page changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(close, [location.pathname, close]);

  async function handleSignOut() {
    setSignOutError(null);
    try {
      await signOut();
      navigate("/app/sign-in", { replace: true });
    } catch (error) {
      setSignOutError(errorMessage(error));
    }
  }

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "md", sm: "xl" }}
      bg="var(--remodel-page)"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
              aria-expanded={opened}
              aria-controls="staff-navbar"
            />
            <UnstyledButton
              component={Link}
              to="/app/patients"
              aria-label={`${user.clinic.name}, staff home`}
            >
              <Brand name={user.clinic.name} label="Staff" />
            </UnstyledButton>
          </Group>
          <Group gap="md" visibleFrom="sm" wrap="nowrap">
            <UserSummary user={user} />
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
      </AppShell.Header>

      <AppShell.Navbar p="md" id="staff-navbar" aria-label="Staff">
        <AppShell.Section grow>
          <Stack gap={4}>
            {navFor(user.role).map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={item.icon}
                rightSection={item.to === "/app/inbox" ? <InboxCount path={location.pathname} /> : null}
                active={location.pathname.startsWith(item.to)}
                variant="light"
                style={{ borderRadius: "var(--mantine-radius-md)" }}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm">
          <Box pt="md" style={{ borderTop: "1px solid var(--remodel-border)" }}>
            <UserSummary user={user} />
            <Button
              mt="md"
              fullWidth
              variant="default"
              leftSection={<LogoutIcon size={16} />}
              onClick={handleSignOut}
            >
              Sign out
            </Button>
          </Box>
        </AppShell.Section>
        {signOutError ? (
          <Text size="sm" c="red.9" role="alert" mt="sm">
            {signOutError}
          </Text>
        ) : null}
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet context={{ user }} />
      </AppShell.Main>
    </AppShell>
  );
}
