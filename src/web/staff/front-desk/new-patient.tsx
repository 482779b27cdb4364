// A new patient at the desk or on the phone. Before adding, the clinic's patients with the same
// name and date of birth, the same e-mail or the same phone are shown: most "new" callers are known.
import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { createPatient, type PatientSex, type PatientSummary, patients } from "../../../contract/patients.ts";
import { ApiError, call, errorMessage, submit } from "../../api/client.ts";
import { DateField } from "../../components/date-field.tsx";
import { formatCalendarDate, fullName } from "../../lib/format.ts";
import { useStaffUser } from "../layout.tsx";

interface Form {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: PatientSex;
  email: string;
  phone: string;
}

const SEXES: { value: PatientSex; label: string }[] = [
  { value: "female", label: "Female" },
  { value: "male", label: "Male" },
  { value: "other", label: "Other" },
  { value: "unknown", label: "Not stated" },
];

const same = (a: string, b: string | null) => b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
const digits = (s: string | null) => (s ?? "").replace(/\D/g, "");

/** Known patients that look like the one being added, and why. */
export async function findDuplicates(form: Form): Promise<{ patient: PatientSummary; why: string }[]> {
  const queries = [form.familyName, form.email, form.phone].map((q) => q.trim()).filter((q) => q.length >= 2);
  const found = new Map<string, PatientSummary>();
  for (const q of queries) {
    const r = await call(patients, { query: { limit: 50, q } });
    for (const p of r.patients) found.set(p.id, p);
  }
  const out: { patient: PatientSummary; why: string }[] = [];
  for (const p of found.values()) {
    if (
      same(form.givenName, p.givenName) &&
      same(form.familyName, p.familyName) &&
      p.dateOfBirth === form.dateOfBirth
    )
      out.push({ patient: p, why: "same name and date of birth" });
    else if (form.email && same(form.email, p.email)) out.push({ patient: p, why: "same e-mail" });
    else if (form.phone && digits(form.phone).length >= 6 && digits(form.phone) === digits(p.phone))
      out.push({ patient: p, why: "same phone" });
  }
  return out;
}

export function NewPatientPage() {
  const user = useStaffUser();
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>({
    givenName: "",
    familyName: "",
    dateOfBirth: "",
    // Nothing is recorded the desk did not ask: "Not stated" until someone chooses.
    sex: "unknown",
    email: "",
    phone: "",
  });
  const [duplicates, setDuplicates] = useState<{ patient: PatientSummary; why: string }[] | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: Exclude<keyof Form, "sex">) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
    setDuplicates(null);
  };

  async function addPatient(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      // First press: look for the same person; a second press (after the warning) adds anyway.
      if (duplicates === null) {
        const found = await findDuplicates(form);
        if (found.length > 0) {
          setDuplicates(found);
          return;
        }
      }
      const made = await submit(createPatient, {
        body: {
          givenName: form.givenName,
          familyName: form.familyName,
          dateOfBirth: form.dateOfBirth,
          sex: form.sex,
          email: form.email.trim() || null,
          phone: form.phone.trim() || null,
        },
      });
      navigate(`/app/patients/${made.patient.id}?book=1`);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.fields && !Array.isArray(err.fields)) setFields(err.fields);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (key: string) => fields[`body.${key}`];
  return (
    <Stack gap="lg" maw={640}>
      <title>{`New patient · ${user.clinic.name}`}</title>
      <Anchor component={Link} to="/app/patients" size="sm" w="fit-content">
        All patients
      </Anchor>
      <Title order={1} size="h2" c="spruce.9">
        New patient
      </Title>
      <Paper withBorder p="lg">
        <form onSubmit={addPatient}>
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput
                label="First name"
                required
                value={form.givenName}
                onChange={set("givenName")}
                error={fieldError("givenName")}
                autoComplete="off"
              />
              <TextInput
                label="Last name"
                required
                value={form.familyName}
                onChange={set("familyName")}
                error={fieldError("familyName")}
                autoComplete="off"
              />
            </Group>
            <Group grow align="flex-start">
              <DateField
                label="Date of birth"
                required
                value={form.dateOfBirth}
                onChange={(value) => set("dateOfBirth")({ currentTarget: { value } })}
                error={fieldError("dateOfBirth")}
              />
              <NativeSelect
                label="Sex"
                value={form.sex}
                onChange={(e) => {
                  const chosen = SEXES.find((s) => s.value === e.currentTarget.value);
                  if (!chosen) return;
                  setForm((f) => ({ ...f, sex: chosen.value }));
                  setDuplicates(null);
                }}
                data={SEXES}
              />
            </Group>
            <TextInput
              label="Phone"
              type="tel"
              value={form.phone}
              onChange={set("phone")}
              error={fieldError("phone")}
              autoComplete="off"
            />
            <TextInput
              label="E-mail"
              type="email"
              value={form.email}
              onChange={set("email")}
              error={fieldError("email")}
              description="Reminders and the portal sign-in link go here."
              autoComplete="off"
            />
            {duplicates && duplicates.length > 0 ? (
              <Alert color="yellow" role="alert" title="This may be a patient the clinic already has">
                <Stack gap={4}>
                  {duplicates.map(({ patient, why }) => (
                    <Text size="sm" key={patient.id}>
                      <Anchor component={Link} to={`/app/patients/${patient.id}`}>
                        {fullName(patient)}
                      </Anchor>
                      , born {formatCalendarDate(patient.dateOfBirth)} ({why})
                    </Text>
                  ))}
                  <Text size="sm">Open the existing record to book, or add a new patient anyway.</Text>
                </Stack>
              </Alert>
            ) : null}
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <Group>
              <Button type="submit" loading={busy}>
                {duplicates && duplicates.length > 0 ? "Add as a new patient anyway" : "Add patient"}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
