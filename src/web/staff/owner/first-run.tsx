// The first-run set-up page of a fresh install: the clinic, its first location and the owner, who
// then enrols an authenticator. Opened with the one-time link the server printed at start; the
// token sits in the address's fragment, so it is never sent in a page request.
import {
  Alert,
  Autocomplete,
  Button,
  Group,
  PasswordInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMemo, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import type { TwoFactorStep } from "../../../contract/auth.ts";
import { createFirstClinic, type FirstRunBody, firstRunOpen } from "../../../contract/first-run.ts";
import { call } from "../../api/client.ts";
import { AuthFrame } from "../../components/auth-frame.tsx";
import { SignInForm } from "../../components/sign-in-form.tsx";
import { LoadingState } from "../../components/states.tsx";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";
}

export function FirstRunPage() {
  const navigate = useNavigate();
  const status = useApiQuery(firstRunOpen);
  const token = tokenFromHash(useLocation().hash);
  const [step, setStep] = useState<TwoFactorStep | null>(null);
  const zones = useMemo(timeZones, []);
  const [form, setForm] = useState({
    name: "",
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    currency: "GBP",
    address: "",
    email: "",
    phone: "",
    outOfHoursAdvice: "",
    locationName: "",
    ownerName: "",
    ownerEmail: "",
    password: "",
  });
  const save = useApiMutation((body: FirstRunBody) => call(createFirstClinic, { body }), {
    onSuccess: (answer) => setStep(answer.twoFactor),
  });
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  if (step) {
    return (
      <AuthFrame
        area="Set-up"
        title="Your authenticator"
        intro="Owners sign in with a password and a code from an authenticator app."
      >
        <SignInForm
          initialStep={step}
          onSignedIn={() => navigate("/app/settings/clinic", { replace: true })}
        />
      </AuthFrame>
    );
  }
  if (!status.data)
    return status.isError ? (
      <Alert color="red">The set-up page could not be loaded. Reload to try again.</Alert>
    ) : (
      <LoadingState />
    );
  if (status.data && !status.data.open) {
    return (
      <AuthFrame area="Set-up" title="This clinic is set up" intro="Remodel already has a clinic.">
        <Button component="a" href="/app/sign-in">
          Staff sign-in
        </Button>
      </AuthFrame>
    );
  }
  if (!token) {
    return (
      <AuthFrame area="Set-up" title="Set up your clinic" intro="This page needs the one-time set-up link.">
        <Alert color="clay" variant="light">
          The person who installed Remodel finds the set-up link in the server's log, printed when it started
          (it works once, for 24 hours). Restarting the server prints a new one.
        </Alert>
      </AuthFrame>
    );
  }
  const err = (field: string) => fieldError(save.error, field);
  return (
    <AuthFrame
      area="Set-up"
      title="Set up your clinic"
      intro="Your clinic's details, its first location and your owner account. You can change them later."
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            token,
            clinic: {
              name: form.name,
              timeZone: form.timeZone.trim(),
              currency: form.currency.trim().toUpperCase(),
              address: form.address || null,
              email: form.email,
              phone: form.phone,
              outOfHoursAdvice: form.outOfHoursAdvice || null,
              locationName: form.locationName || form.name,
            },
            owner: { name: form.ownerName, email: form.ownerEmail, password: form.password },
          });
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h4">
            The clinic
          </Title>
          <TextInput
            label="Clinic name"
            required
            value={form.name}
            onChange={set("name")}
            error={err("body.clinic.name")}
          />
          <Autocomplete
            label="Time zone"
            description="Appointments and reminders follow this clock, e.g. Europe/London"
            data={zones}
            limit={20}
            required
            value={form.timeZone}
            onChange={(v) => setForm((f) => ({ ...f, timeZone: v }))}
            error={err("body.clinic.timeZone")}
          />
          <TextInput
            label="Currency"
            description="Three letters, e.g. GBP, EUR, USD"
            required
            maxLength={3}
            value={form.currency}
            onChange={set("currency")}
            error={err("body.clinic.currency")}
          />
          <TextInput
            label="Address"
            value={form.address}
            onChange={set("address")}
            error={err("body.clinic.address")}
          />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label="Contact e-mail"
              type="email"
              required
              value={form.email}
              onChange={set("email")}
              error={err("body.clinic.email")}
            />
            <TextInput
              label="Phone"
              type="tel"
              required
              value={form.phone}
              onChange={set("phone")}
              error={err("body.clinic.phone")}
            />
          </Group>
          <Textarea
            label="Out-of-hours advice"
            description="What a patient reads when something is wrong while the clinic is closed"
            autosize
            minRows={2}
            value={form.outOfHoursAdvice}
            onChange={set("outOfHoursAdvice")}
            error={err("body.clinic.outOfHoursAdvice")}
          />
          <TextInput
            label="First location"
            description="Where you see patients; the clinic name if left empty"
            value={form.locationName}
            onChange={set("locationName")}
            error={err("body.clinic.locationName")}
          />
          <Title order={2} size="h4">
            You, the owner
          </Title>
          <TextInput
            label="Your name"
            required
            value={form.ownerName}
            onChange={set("ownerName")}
            error={err("body.owner.name")}
          />
          <TextInput
            label="Your e-mail"
            type="email"
            autoComplete="username"
            required
            value={form.ownerEmail}
            onChange={set("ownerEmail")}
            error={err("body.owner.email")}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={set("password")}
            error={err("body.owner.password")}
          />
          <Text size="sm" c="dimmed">
            Next you add Remodel to an authenticator app on your phone.
          </Text>
          <Button type="submit" size="md" loading={save.isPending}>
            Create the clinic
          </Button>
          <FormStatus error={save.error} done={null} />
        </Stack>
      </form>
    </AuthFrame>
  );
}
