import { Button, Group } from "@mantine/core";
import { NavLink } from "react-router";
import { type MessageKey, t } from "../../i18n/index.ts";

const LINKS: [string, MessageKey][] = [
  ["/portal", "portal.nav.home"],
  ["/portal/plan", "portal.nav.plan"],
  ["/portal/aftercare", "portal.nav.aftercare"],
  ["/portal/progress", "portal.nav.progress"],
];

/** The portal's sections; wraps on a phone rather than scrolling sideways. */
export function PortalNav() {
  return (
    <Group component="nav" aria-label="Portal" gap={6} mb="lg">
      {LINKS.map(([to, key]) => (
        <Button key={to} component={NavLink} to={to} end size="compact-sm" variant="light">
          {t(key)}
        </Button>
      ))}
    </Group>
  );
}
