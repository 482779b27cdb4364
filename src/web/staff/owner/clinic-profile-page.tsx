// The clinic's profile: what patients see (name, contact, address), where red-flag alerts go and
// the advice a patient reads when something is wrong while the clinic is closed.
import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import {
  type ClinicProfile,
  type ClinicProfileBody,
  clinicProfileRead,
  clinicProfileSave,
} from "../../../contract/clinic.ts";
import { call } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";

type Form = Record<
  "name" | "currency" | "address" | "email" | "phone" | "alertEmail" | "outOfHoursAdvice",
  string
>;

const toForm = (p: ClinicProfile): Form => ({
  name: p.name,
  currency: p.currency,
  address: p.address ?? "",
  email: p.email ?? "",
  phone: p.phone ?? "",
  alertEmail: p.alertEmail ?? "",
  outOfHoursAdvice: p.outOfHoursAdvice ?? "",
});

export function ClinicProfilePage() {
  const user = useStaffUser();
  const isOwner = user.role === "owner";
  const profile = useApiQuery(clinicProfileRead);
  const [form, setForm] = useState<Form | null>(null);
  // Saved, the profile is read again and the form shows what the server kept.
  const save = useApiMutation((body: ClinicProfileBody) => call(clinicProfileSave, { body }), {
    invalidates: [clinicProfileRead],
  });
  useEffect(() => {
    if (profile.data) setForm(toForm(profile.data.clinic));
  }, [profile.data]);
  const field = (key: keyof Form) => ({
    value: form?.[key] ?? "",
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setForm((f) => (f ? { ...f, [key]: value } : f));
    },
    readOnly: !isOwner,
    error: fieldError(save.error, `body.${key}`),
  });
  return (
    <Stack gap="lg" maw={760}>
      <title>Clinic profile · Remodel</title>
      <Title order={1}>Clinic profile</Title>
      {isOwner ? null : (
        <Alert variant="light" color="blue">
          Only an owner can change the clinic's profile. You can read it here.
        </Alert>
      )}
      {!form || !profile.data ? (
        profile.isError ? (
          <ErrorState
            error={profile.error}
            title="The profile could not be loaded"
            onRetry={() => void profile.refetch()}
          />
        ) : (
          <LoadingState />
        )
      ) : (
        <Paper withBorder p="md">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const nullable = (v: string) => (v.trim() === "" ? null : v.trim());
              save.mutate({
                name: form.name,
                currency: form.currency.trim().toUpperCase(),
                address: nullable(form.address),
                email: nullable(form.email),
                phone: nullable(form.phone),
                alertEmail: nullable(form.alertEmail),
                outOfHoursAdvice: nullable(form.outOfHoursAdvice),
              });
            }}
          >
            <Stack gap="md">
              <TextInput label="Clinic name" required {...field("name")} />
              <Group grow align="flex-start" wrap="wrap">
                <TextInput label="Phone" type="tel" {...field("phone")} />
                <TextInput label="Contact e-mail" type="email" {...field("email")} />
              </Group>
              <TextInput label="Address" {...field("address")} />
              <TextInput
                label="Red-flag alerts go to"
                description="An e-mail address someone reads during opening hours; the contact e-mail when empty"
                type="email"
                {...field("alertEmail")}
              />
              <Textarea
                label="Out-of-hours advice"
                description="What a patient reads when a check-in shows a warning sign while the clinic is closed"
                autosize
                minRows={3}
                {...field("outOfHoursAdvice")}
              />
              <Group grow align="flex-start" wrap="wrap">
                <TextInput label="Currency" maxLength={3} {...field("currency")} />
                <TextInput
                  label="Time zone"
                  value={profile.data.clinic.timeZone}
                  readOnly
                  description="Set when the clinic was created"
                />
              </Group>
              {isOwner ? (
                <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
                  Save the profile
                </Button>
              ) : null}
              <FormStatus
                error={save.error}
                done={save.isSuccess ? "Saved. Patients see the new details now." : null}
              />
              <Text size="sm" c="dimmed">
                Opening hours, rooms, appointment types and locations are in Clinic set-up.
              </Text>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
