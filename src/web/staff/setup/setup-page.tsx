import { Alert, Stack, Tabs, Text, Title } from "@mantine/core";
import { useNavigate, useParams } from "react-router";
import { clinicSetup } from "../../../contract/setup.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { t } from "../../i18n/index.ts";
import { useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { ClinicSection } from "./clinic-section.tsx";
import { HoursSection } from "./hours-section.tsx";
import { ProvidersSection } from "./providers-section.tsx";
import { ResourcesSection } from "./resources-section.tsx";
import { TypesSection } from "./types-section.tsx";

const SECTIONS = [
  { value: "hours", label: "Opening hours & closures" },
  { value: "resources", label: "Rooms & devices" },
  { value: "types", label: "Appointment types" },
  { value: "providers", label: "Providers" },
  { value: "clinic", label: t("setup.clinic.tab") },
] as const;

/** The owner's clinic set-up, one tab per part; each tab has its own address to link to. */
export function SetupPage() {
  const user = useStaffUser();
  const isOwner = user.role === "owner";
  const params = useParams();
  const navigate = useNavigate();
  const section = SECTIONS.find((s) => s.value === params.section)?.value ?? "hours";
  const setup = useApiQuery(clinicSetup);
  const reload = () => void setup.refetch();
  const current = SECTIONS.find((s) => s.value === section);

  return (
    <Stack gap="lg" maw={960}>
      <title>{`Clinic set-up · ${current?.label ?? ""} · Remodel`}</title>
      <Title order={1}>Clinic set-up</Title>
      {isOwner ? null : (
        <Alert variant="light" color="blue">
          Only an owner can change the clinic's set-up. You can read it here.
        </Alert>
      )}
      <Tabs
        value={section}
        onChange={(v) => v && navigate(`/app/settings/setup/${v}`)}
        keepMounted={false}
        variant="outline"
      >
        <Tabs.List style={{ flexWrap: "wrap" }}>
          {SECTIONS.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {SECTIONS.map((s) => (
          <Tabs.Panel key={s.value} value={s.value} pt="md">
            {setup.data ? (
              s.value === "hours" ? (
                <HoursSection data={setup.data} isOwner={isOwner} reload={reload} />
              ) : s.value === "resources" ? (
                <ResourcesSection data={setup.data} isOwner={isOwner} reload={reload} />
              ) : s.value === "types" ? (
                <TypesSection data={setup.data} isOwner={isOwner} reload={reload} />
              ) : s.value === "clinic" ? (
                <ClinicSection data={setup.data} isOwner={isOwner} reload={reload} />
              ) : (
                <ProvidersSection data={setup.data} isOwner={isOwner} reload={reload} />
              )
            ) : setup.isError ? (
              <ErrorState error={setup.error} title="The set-up could not be loaded" onRetry={reload} />
            ) : (
              <LoadingState />
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
      {setup.isError && setup.data ? (
        <Text size="sm" c="red.9" role="alert">
          Could not refresh the set-up; what you see may be out of date.
        </Text>
      ) : null}
    </Stack>
  );
}
