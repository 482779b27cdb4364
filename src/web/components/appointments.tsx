import { Badge, Button, Group, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import { useState } from "react";
import type { Appointment, AppointmentKind, AppointmentStatus } from "../../contract/patients.ts";
import { t } from "../i18n/index.ts";
import { formatDate, formatTime, zoneName } from "../lib/format.ts";
import { CalendarIcon, ClockIcon, SparkIcon, UsersIcon } from "./icons.tsx";

const STATUS: Record<AppointmentStatus, { label: string; color: string }> = {
  booked: { label: "Booked", color: "spruce" },
  checked_in: { label: "Checked in", color: "blue" },
  completed: { label: "Completed", color: "gray" },
  cancelled: { label: "Cancelled", color: "red" },
  no_show: { label: "No-show", color: "clay" },
};

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  const { label, color } = STATUS[status];
  return (
    <Badge variant="light" color={color} radius="sm" style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}

const KIND_COLOR: Record<AppointmentKind, string> = {
  consultation: "clay",
  microneedling: "spruce",
  review: "blue",
};

function KindIcon({ kind }: { kind: AppointmentKind }) {
  return (
    <ThemeIcon variant="light" color={KIND_COLOR[kind]} size={40} radius="md" aria-hidden="true">
      {kind === "microneedling" ? <SparkIcon /> : kind === "consultation" ? <UsersIcon /> : <CalendarIcon />}
    </ThemeIcon>
  );
}

/** One appointment as a card: what, when (on the clinic's clock), with whom, where, and its status. */
export function AppointmentCard({ appointment, showZone }: { appointment: Appointment; showZone?: boolean }) {
  const zone = appointment.locationTimeZone;
  return (
    <Paper withBorder p="md" component="li" style={{ listStyle: "none" }}>
      <Group align="flex-start" wrap="nowrap" gap="md">
        <KindIcon kind={appointment.type.kind} />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
            <Text
              fw={600}
              td={appointment.status === "cancelled" || appointment.lapsed ? "line-through" : undefined}
            >
              {appointment.type.name}
            </Text>
            {appointment.lapsed ? (
              <Badge variant="light" color="gray" c="dark.8" radius="sm" style={{ flexShrink: 0 }}>
                {t("appointment.lapsed")}
              </Badge>
            ) : appointment.held ? (
              <Badge variant="light" color="clay" radius="sm" style={{ flexShrink: 0 }}>
                {t("appointment.held")}
              </Badge>
            ) : (
              <StatusBadge status={appointment.status} />
            )}
          </Group>
          <Group gap={6} wrap="nowrap">
            <CalendarIcon size={15} />
            <Text size="sm">
              <time dateTime={appointment.startsAt.toISOString()}>
                {formatDate(appointment.startsAt, zone)}
              </time>
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <ClockIcon size={15} />
            <Text size="sm">
              {formatTime(appointment.startsAt, zone)}–{formatTime(appointment.endsAt, zone)}
              {showZone ? (
                <Text span size="sm" c="dimmed">
                  {" "}
                  ({zoneName(appointment.startsAt, zone)})
                </Text>
              ) : null}
            </Text>
          </Group>
          {appointment.provider || appointment.room ? (
            <Text size="sm" c="dimmed">
              {[appointment.provider?.name, appointment.room?.name].filter(Boolean).join(" · ")}
            </Text>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}

/** Appointments as cards; with `initial`, only the first few until the person asks for all. */
export function AppointmentList({
  appointments,
  showZone,
  initial,
}: {
  appointments: Appointment[];
  showZone?: boolean;
  initial?: number;
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = initial === undefined || expanded ? appointments : appointments.slice(0, initial);
  const hidden = appointments.length - shown.length;
  return (
    <Stack gap="sm">
      <Stack component="ul" gap="sm" p={0} m={0}>
        {shown.map((appointment) => (
          <AppointmentCard key={appointment.id} appointment={appointment} showZone={showZone} />
        ))}
      </Stack>
      {hidden > 0 ? (
        <Button variant="subtle" onClick={() => setExpanded(true)} w="fit-content">
          Show {hidden} more
        </Button>
      ) : null}
    </Stack>
  );
}
