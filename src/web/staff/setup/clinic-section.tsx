// Locations (each with its time zone; renamed, retired or reopened by the owner) and the booking rules the
// slot search reads, with the day-before reminder's time.
import {
  Autocomplete,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import {
  addLocation,
  editLocation,
  type Location,
  reopenLocation,
  retireLocation,
  type SchedulingSettings,
  type SetupData,
  saveSchedulingSettings,
} from "../../../contract/setup.ts";
import { isIanaTimeZone } from "../../../domain/scheduling/time-zone.ts";
import { call, submit } from "../../api/client.ts";
import { type MessageKey, t, tCount } from "../../i18n/index.ts";
import { TimeField } from "../time-field.tsx";
import { fieldError } from "./form-errors.ts";
import { FormStatus } from "./form-status.tsx";
import { type SectionProps, useSave } from "./use-save.ts";

const STEPS = ["5", "10", "15", "20", "30", "60"];

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

function RulesForm({ data, isOwner, reload }: SectionProps<SetupData>) {
  const [rules, setRules] = useState<SchedulingSettings>(data.settings);
  const save = useSave();
  useEffect(() => setRules(data.settings), [data.settings]);
  const number = (
    key: Exclude<keyof SchedulingSettings, "dayBeforeReminderTime">,
    label: MessageKey,
    help: MessageKey,
    min: number,
    max: number,
  ) => (
    <NumberInput
      label={t(label)}
      description={t(help)}
      value={rules[key]}
      onChange={(v) => setRules((r) => ({ ...r, [key]: typeof v === "number" ? v : Number(v) || 0 }))}
      min={min}
      max={max}
      allowDecimal={false}
      readOnly={!isOwner}
      error={fieldError(save.error, `body.${key}`)}
      maw={260}
    />
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(() => submit(saveSchedulingSettings, { body: rules }), t("setup.rules.saved"))
          .then((ok) => ok && reload());
      }}
    >
      <Stack gap="sm">
        <Group gap="md" align="flex-start" wrap="wrap">
          <Select
            label={t("setup.rules.step")}
            description={t("setup.rules.stepHelp")}
            data={STEPS}
            value={String(rules.stepMinutes)}
            allowDeselect={false}
            onChange={(v) => v && setRules((r) => ({ ...r, stepMinutes: Number(v) }))}
            readOnly={!isOwner}
            error={fieldError(save.error, "body.stepMinutes")}
            maw={260}
          />
          {number("minNoticeMinutes", "setup.rules.notice", "setup.rules.noticeHelp", 0, 20160)}
          {number("cancelNoticeHours", "setup.rules.cancelNotice", "setup.rules.cancelNoticeHelp", 0, 336)}
          {number("checkInDaysBefore", "setup.rules.checkInDays", "setup.rules.checkInDaysHelp", 0, 7)}
          {number("holdMinutes", "setup.rules.hold", "setup.rules.holdHelp", 1, 60)}
          {number("requestHoldHours", "setup.rules.requestHold", "setup.rules.requestHoldHelp", 1, 168)}
          {number("maxAdvanceDays", "setup.rules.horizon", "setup.rules.horizonHelp", 1, 1095)}
          {number("screeningValidDays", "setup.rules.validity", "setup.rules.validityHelp", 1, 730)}
          <TimeField
            label={t("setup.rules.reminderTime")}
            description={t("setup.rules.reminderTimeHelp")}
            value={rules.dayBeforeReminderTime}
            onChange={(value) => setRules((r) => ({ ...r, dayBeforeReminderTime: value }))}
            required
            readOnly={!isOwner}
            error={fieldError(save.error, "body.dayBeforeReminderTime")}
            maw={260}
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t("setup.rules.other")}
        </Text>
        {isOwner ? (
          <Button type="submit" loading={save.busy} style={{ alignSelf: "flex-start" }}>
            {t("setup.rules.save")}
          </Button>
        ) : null}
        <FormStatus error={save.error} done={save.done} />
      </Stack>
    </form>
  );
}

function AddLocation({ reload }: { reload: () => void }) {
  const [name, setName] = useState("");
  const [timeZone, setTimeZone] = useState("");
  const [address, setAddress] = useState("");
  const [touched, setTouched] = useState(false);
  const zones = useMemo(timeZones, []);
  const save = useSave();
  const zoneProblem =
    touched && timeZone.trim() !== "" && !isIanaTimeZone(timeZone.trim())
      ? t("setup.locations.badZone")
      : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!isIanaTimeZone(timeZone.trim())) return;
        void save
          .run(
            () =>
              submit(addLocation, {
                body: { name, timeZone: timeZone.trim(), address: address.trim() || null },
              }),
            t("setup.locations.saved"),
          )
          .then((ok) => {
            if (!ok) return;
            setName("");
            setTimeZone("");
            setAddress("");
            setTouched(false);
            reload();
          });
      }}
    >
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("setup.locations.add")}
        </Title>
        <Group gap="md" align="flex-start" wrap="wrap">
          <LocationText field="name" value={name} onChange={setName} error={save.error} />
          <Autocomplete
            label={t("setup.locations.timeZone")}
            description={t("setup.locations.timeZoneHelp")}
            data={zones}
            limit={20}
            value={timeZone}
            onChange={setTimeZone}
            onBlur={() => setTouched(true)}
            required
            error={zoneProblem ?? fieldError(save.error, "body.timeZone")}
            // Mantine's default error red is too light on white for WCAG AA contrast.
            styles={{
              error: { color: "var(--mantine-color-red-9)" },
              input: { color: "var(--mantine-color-text)" },
            }}
            miw={260}
          />
          <LocationText field="address" value={address} onChange={setAddress} error={save.error} />
        </Group>
        <Button type="submit" loading={save.busy} style={{ alignSelf: "flex-start" }}>
          {t("setup.locations.save")}
        </Button>
        <FormStatus error={save.error} done={save.done} />
      </Stack>
    </form>
  );
}

/** A location's name or address field, as the add and rename forms both ask for it. */
function LocationText({
  field,
  value,
  onChange,
  error,
}: {
  field: "name" | "address";
  value: string;
  onChange: (value: string) => void;
  error: Parameters<typeof fieldError>[0];
}) {
  return (
    <TextInput
      label={field === "name" ? t("setup.locations.name") : t("setup.locations.address")}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      required={field === "name"}
      maxLength={field === "name" ? 100 : 300}
      error={fieldError(error, `body.${field}`)}
    />
  );
}

function RenameLocation({ location, done }: { location: Location; done: (saved: boolean) => void }) {
  const [name, setName] = useState(location.name);
  const [address, setAddress] = useState(location.address ?? "");
  const save = useSave();
  return (
    <form
      aria-label={t("setup.locations.renameTitle", { name: location.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(
            () =>
              submit(editLocation, {
                params: { id: location.id },
                body: { name, address: address.trim() || null },
              }),
            t("setup.locations.renamed"),
          )
          .then((ok) => ok && done(true));
      }}
    >
      <Stack gap="xs">
        <Group gap="md" align="flex-start" wrap="wrap">
          <LocationText field="name" value={name} onChange={setName} error={save.error} />
          <LocationText field="address" value={address} onChange={setAddress} error={save.error} />
        </Group>
        <Group gap="sm">
          <Button type="submit" size="xs" loading={save.busy}>
            {t("setup.locations.renameSave")}
          </Button>
          <Button type="button" size="xs" variant="default" onClick={() => done(false)}>
            {t("setup.locations.cancel")}
          </Button>
        </Group>
        <FormStatus error={save.error} done={save.done} />
      </Stack>
    </form>
  );
}

function LocationRow({
  location,
  isOwner,
  reload,
}: {
  location: Location;
  isOwner: boolean;
  reload: () => void;
}) {
  const [mode, setMode] = useState<"view" | "rename" | "retire">("view");
  const [upcoming, setUpcoming] = useState<number | null>(null);
  const save = useSave();
  const retired = location.retiredAt !== null;
  return (
    <Paper withBorder p="sm" component="li" data-testid="location" style={{ listStyle: "none" }}>
      <Stack gap="xs">
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Text>
            <strong>{location.name}</strong> · {t("setup.locations.zone", { zone: location.timeZone })}
            {location.address ? ` · ${location.address}` : ""}{" "}
            {retired ? (
              <Badge color="gray.8" variant="outline">
                {t("setup.locations.retired")}
              </Badge>
            ) : null}
          </Text>
          {isOwner && retired && mode === "view" ? (
            <Button
              size="xs"
              variant="default"
              loading={save.busy}
              onClick={() =>
                void save
                  .run(async () => {
                    await call(reopenLocation, { params: { id: location.id } });
                    setUpcoming(null);
                  }, t("setup.locations.reopenedDone"))
                  .then((ok) => ok && reload())
              }
            >
              {t("setup.locations.reopen", { name: location.name })}
            </Button>
          ) : null}
          {isOwner && !retired && mode === "view" ? (
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => setMode("rename")}>
                {t("setup.locations.rename", { name: location.name })}
              </Button>
              <Button size="xs" variant="outline" color="red.9" onClick={() => setMode("retire")}>
                {t("setup.locations.retire", { name: location.name })}
              </Button>
            </Group>
          ) : null}
        </Group>
        {mode === "rename" ? (
          <RenameLocation
            location={location}
            done={(saved) => {
              setMode("view");
              if (saved) reload();
            }}
          />
        ) : null}
        {mode === "retire" ? (
          <Stack gap="xs" role="group" aria-label={t("setup.locations.retireTitle", { name: location.name })}>
            <Text size="sm">{t("setup.locations.retireExplain")}</Text>
            <Group gap="sm">
              <Button
                size="xs"
                color="red.9"
                loading={save.busy}
                onClick={() =>
                  void save
                    .run(async () => {
                      const res = await call(retireLocation, { params: { id: location.id } });
                      setUpcoming(res.upcomingAppointments);
                    }, t("setup.locations.retiredDone"))
                    .then((ok) => {
                      if (!ok) return;
                      setMode("view");
                      reload();
                    })
                }
              >
                {t("setup.locations.retireConfirm")}
              </Button>
              <Button size="xs" variant="default" onClick={() => setMode("view")}>
                {t("setup.locations.cancel")}
              </Button>
            </Group>
          </Stack>
        ) : null}
        <FormStatus error={save.error} done={save.done} />
        {upcoming ? (
          <Text size="sm" role="status">
            {tCount("setup.locations.upcoming", upcoming)}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

export function ClinicSection({ data, isOwner, reload }: SectionProps<SetupData>) {
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" component="section" aria-labelledby="booking-rules-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="booking-rules-title">
            {t("setup.rules.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("setup.rules.intro")}
          </Text>
          <RulesForm data={data} isOwner={isOwner} reload={reload} />
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="locations-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="locations-title">
            {t("setup.locations.title")}
          </Title>
          <Stack gap="xs" data-testid="locations" component="ul" p={0} m={0}>
            {data.locations.map((l) => (
              <LocationRow key={l.id} location={l} isOwner={isOwner} reload={reload} />
            ))}
          </Stack>
          {isOwner ? <AddLocation reload={reload} /> : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
