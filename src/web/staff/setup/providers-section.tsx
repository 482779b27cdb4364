import { Button, Group, NumberInput, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import {
  openLocations,
  type ProviderCredential,
  type SetupData,
  saveLicence,
  saveProviderHours,
} from "../../../contract/setup.ts";
import { submit } from "../../api/client.ts";
import { t } from "../../i18n/index.ts";
import { BlockList } from "./blocks.tsx";
import { fieldError } from "./form-errors.ts";
import { FormStatus } from "./form-status.tsx";
import { type SectionProps, useSave } from "./use-save.ts";
import { WeekGrid, type WeekRow } from "./week-grid.tsx";

const CREDENTIALS: Record<ProviderCredential, string> = {
  physician: "Physician",
  nurse: "Nurse",
  aesthetician: "Aesthetician",
};

function isCredential(value: string): value is ProviderCredential {
  return Object.hasOwn(CREDENTIALS, value);
}

export function ProvidersSection({ data, isOwner, reload }: SectionProps<SetupData>) {
  const [providerId, setProviderId] = useState(data.providers[0]?.id ?? "");
  const [locationId, setLocationId] = useState(openLocations(data)[0]?.id ?? "");
  const provider = data.providers.find((p) => p.id === providerId);
  const location = openLocations(data).find((l) => l.id === locationId);
  const [rows, setRows] = useState<WeekRow[]>([]);
  const save = useSave();

  useEffect(() => {
    setRows(
      data.providerHours
        .filter((h) => h.providerId === providerId && h.locationId === locationId)
        .map(({ weekday, start, end }) => ({ weekday, start, end })),
    );
  }, [data, providerId, locationId]);

  if (!provider || !location) return <Text>No providers are set up yet.</Text>;

  return (
    <Stack gap="lg">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Select
          label="Provider"
          data={data.providers.map((p) => ({ value: p.id, label: p.name }))}
          value={providerId}
          allowDeselect={false}
          onChange={(v) => v && setProviderId(v)}
          maw={320}
        />
        {openLocations(data).length > 1 ? (
          <Select
            label="Location"
            data={openLocations(data).map((l) => ({ value: l.id, label: l.name }))}
            value={locationId}
            allowDeselect={false}
            onChange={(v) => v && setLocationId(v)}
            maw={320}
          />
        ) : null}
      </Group>
      <Paper withBorder p="md" component="section" aria-labelledby="licence-title">
        <Title order={2} size="h3" id="licence-title">
          Credential and licence
        </Title>
        <Text data-testid="provider-credential">
          {CREDENTIALS[provider.credential] ?? provider.credential} · needles to at most{" "}
          {Number(provider.maxNeedleDepthMm).toFixed(2)} mm
        </Text>
        <Text size="sm" c="dimmed">
          Set on the staff account; booking offers this provider only for plans within that depth.
        </Text>
        {isOwner ? <LicenceForm key={provider.id} provider={provider} reload={reload} /> : null}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="working-hours-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="working-hours-title">
            Working hours · {provider.name}
          </Title>
          <Text size="sm" c="dimmed">
            On the clinic's clock ({location.timeZone}) at {location.name}.
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              // The API replaces all of the provider's hours: keep those at other locations.
              const others = data.providerHours
                .filter((h) => h.providerId === providerId && h.locationId !== locationId)
                .map(({ locationId: l, weekday, start, end }) => ({ locationId: l, weekday, start, end }));
              const hours = [...rows.map((r) => ({ locationId, ...r })), ...others];
              void save
                .run(
                  () => submit(saveProviderHours, { params: { id: providerId }, body: { hours } }),
                  "Working hours saved.",
                )
                .then((ok) => ok && reload());
            }}
          >
            <Stack gap="sm">
              <WeekGrid
                rows={rows}
                onChange={setRows}
                readOnly={!isOwner}
                error={save.error}
                label="working"
              />
              {isOwner ? (
                <Button type="submit" loading={save.busy} style={{ alignSelf: "flex-start" }}>
                  Save working hours
                </Button>
              ) : null}
              <FormStatus error={save.error} done={save.done} />
            </Stack>
          </form>
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="time-off-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="time-off-title">
            Time off
          </Title>
          <BlockList
            key={providerId}
            what="time off"
            path="/api/setup/time-off"
            resourceId={providerId}
            resourceName={provider.name}
            blocks={data.timeOff}
            timeZone={location.timeZone}
            isOwner={isOwner}
            reload={reload}
          />
        </Stack>
      </Paper>
    </Stack>
  );
}

/** The owner changes a provider's credential and the deepest depth their licence allows. */
function LicenceForm({ provider, reload }: { provider: SetupData["providers"][number]; reload: () => void }) {
  const [credential, setCredential] = useState(provider.credential);
  const [depth, setDepth] = useState<number | string>(Number(provider.maxNeedleDepthMm));
  const save = useSave();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(
            () =>
              submit(saveLicence, {
                params: { id: provider.id },
                body: { credential, maxNeedleDepthMm: Number(depth) },
              }),
            t("setup.licence.saved"),
          )
          .then((ok) => ok && reload());
      }}
    >
      <Stack gap="sm" mt="sm">
        <Title order={3} size="h5">
          {t("setup.licence.change")}
        </Title>
        <Group gap="md" align="flex-start" wrap="wrap">
          <Select
            label={t("setup.licence.credential")}
            data={Object.entries(CREDENTIALS).map(([value, label]) => ({ value, label }))}
            value={credential}
            allowDeselect={false}
            onChange={(v) => v && isCredential(v) && setCredential(v)}
            error={fieldError(save.error, "body.credential")}
            maw={220}
          />
          <NumberInput
            label={t("setup.licence.depth")}
            description={t("setup.licence.depthHelp")}
            value={depth}
            onChange={setDepth}
            min={0.1}
            max={3}
            step={0.25}
            decimalScale={2}
            error={fieldError(save.error, "body.maxNeedleDepthMm")}
            maw={260}
          />
        </Group>
        <Button type="submit" variant="light" loading={save.busy} style={{ alignSelf: "flex-start" }}>
          {t("setup.licence.save")}
        </Button>
        <FormStatus error={save.error} done={save.done} />
      </Stack>
    </form>
  );
}
