/**
 * The intake questionnaire in the portal, prefilled from the last answers: pregnancy and
 * breastfeeding, conditions (with where on the body), medicines, history, skin type with a
 * guide, and the concerns and zones to treat.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { errorMessage, request } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { useRequest } from "../../lib/use-request.ts";

interface Option {
  id: string;
  label: string;
}
interface Form {
  questionnaire: {
    conditions: Option[];
    indications: (Option & { zones: string[] })[];
    zones: (Option & { face: boolean })[];
    fitzpatrick: { value: string; description: string }[];
  };
  sex: string;
  last: { version: number; answers: Answers } | null;
}
interface Condition {
  conditionId: string;
  status: "active" | "resolved" | "history";
  site: string | null;
  inTreatmentArea: boolean;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
}
interface Medication {
  ingredient: string;
  product: string | null;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
}
interface Answers {
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  deliveryDate: string | null;
  fitzpatrick: string;
  conditions: Condition[];
  medications: Medication[];
  history: { keloids: boolean; coldSores: boolean };
  concerns: { indication: string; zones: string[] }[];
}

const EMPTY: Answers = {
  pregnant: null,
  breastfeeding: null,
  deliveryDate: null,
  fitzpatrick: "",
  conditions: [],
  medications: [],
  history: { keloids: false, coldSores: false },
  concerns: [],
};

const yesNo = (v: boolean | null) => (v === null ? "" : v ? "yes" : "no");

export function IntakePage() {
  const form = useRequest<Form>("/api/portal/intake");
  const [answers, setAnswers] = useState<Answers>(EMPTY);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  useEffect(() => {
    if (form.data?.last) setAnswers(form.data.last.answers);
  }, [form.data]);

  if (form.status === "error")
    return (
      <ErrorState title="The questionnaire could not be loaded" error={form.error} onRetry={form.reload} />
    );
  if (!form.data) return <LoadingState />;
  const q = form.data.questionnaire;
  const set = (patch: Partial<Answers>) => setAnswers({ ...answers, ...patch });
  const zoneLabel = (id: string) => q.zones.find((z) => z.id === id)?.label ?? id;

  function toggleConcern(indication: string, zone: string, on: boolean) {
    const others = answers.concerns.filter((c) => c.indication !== indication);
    const current = answers.concerns.find((c) => c.indication === indication)?.zones ?? [];
    const zones = on ? [...new Set([...current, zone])] : current.filter((z) => z !== zone);
    set({ concerns: zones.length ? [...others, { indication, zones }] : others });
  }

  async function submit() {
    setMessage(null);
    try {
      const res = await request<{ version: number }>("POST", "/api/portal/intake", { body: answers });
      setMessage({ kind: "ok", text: `Thank you: your answers are saved (version ${res.version}).` });
    } catch (caught) {
      setMessage({ kind: "error", text: errorMessage(caught) });
    }
  }

  return (
    <Stack gap="lg">
      <title>Health questionnaire</title>
      <Title order={1}>Health questionnaire</Title>
      <Text>
        Please answer before your consultation.{" "}
        {form.data.last ? "Your last answers are filled in: check what changed." : ""}
      </Text>
      {form.data.sex !== "male" ? (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Radio.Group
              label="Are you pregnant?"
              value={yesNo(answers.pregnant)}
              onChange={(v) => set({ pregnant: v === "yes" })}
            >
              <Group mt="xs">
                <Radio value="yes" label="Yes" />
                <Radio value="no" label="No" />
              </Group>
            </Radio.Group>
            <Radio.Group
              label="Are you breastfeeding?"
              value={yesNo(answers.breastfeeding)}
              onChange={(v) => set({ breastfeeding: v === "yes" })}
            >
              <Group mt="xs">
                <Radio value="yes" label="Yes" />
                <Radio value="no" label="No" />
              </Group>
            </Radio.Group>
          </Stack>
        </Paper>
      ) : null}
      <Paper withBorder p="md">
        <Radio.Group
          label="Your skin type"
          description="Pick the sentence that fits your skin in the sun."
          value={answers.fitzpatrick}
          onChange={(v) => set({ fitzpatrick: v })}
        >
          <Stack mt="xs" gap={6}>
            {q.fitzpatrick.map((f) => (
              <Radio key={f.value} value={f.value} label={`Type ${f.value}: ${f.description}`} />
            ))}
          </Stack>
        </Radio.Group>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Skin conditions
          </Title>
          {answers.conditions.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity but their place
            <Group key={`${c.conditionId}-${i}`} grow align="flex-end">
              <NativeSelect
                label="Condition"
                value={c.conditionId}
                data={q.conditions.map((o) => ({ value: o.id, label: o.label }))}
                onChange={(e) =>
                  set({
                    conditions: answers.conditions.map((x, j) =>
                      j === i ? { ...x, conditionId: e.currentTarget.value } : x,
                    ),
                  })
                }
              />
              <NativeSelect
                label="Now"
                value={c.status}
                data={[
                  { value: "active", label: "I have it now" },
                  { value: "resolved", label: "Cleared up" },
                  { value: "history", label: "In the past" },
                ]}
                onChange={(e) =>
                  set({
                    conditions: answers.conditions.map((x, j) =>
                      j === i ? { ...x, status: e.currentTarget.value as Condition["status"] } : x,
                    ),
                  })
                }
              />
              <TextInput
                label="Where on the body"
                value={c.site ?? ""}
                onChange={(e) =>
                  set({
                    conditions: answers.conditions.map((x, j) =>
                      j === i ? { ...x, site: e.currentTarget.value || null } : x,
                    ),
                  })
                }
              />
              <Button
                variant="subtle"
                color="red"
                onClick={() => set({ conditions: answers.conditions.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() =>
                set({
                  conditions: [
                    ...answers.conditions,
                    {
                      conditionId: q.conditions[0]?.id ?? "",
                      status: "active",
                      site: null,
                      inTreatmentArea: false,
                      severity: null,
                      onset: null,
                      resolved: null,
                    },
                  ],
                })
              }
            >
              Add a condition
            </Button>
          </Group>
          <Checkbox
            label="I have had keloid scars"
            checked={answers.history.keloids}
            onChange={(e) => set({ history: { ...answers.history, keloids: e.currentTarget.checked } })}
          />
          <Checkbox
            label="I get cold sores"
            checked={answers.history.coldSores}
            onChange={(e) => set({ history: { ...answers.history, coldSores: e.currentTarget.checked } })}
          />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Medicines and skin products
          </Title>
          {answers.medications.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity but their place
            <Group key={`med-${i}`} grow align="flex-end">
              <TextInput
                label="Name"
                value={m.ingredient}
                onChange={(e) =>
                  set({
                    medications: answers.medications.map((x, j) =>
                      j === i ? { ...x, ingredient: e.currentTarget.value } : x,
                    ),
                  })
                }
              />
              <Checkbox
                label="Prescribed"
                checked={m.prescribed}
                onChange={(e) =>
                  set({
                    medications: answers.medications.map((x, j) =>
                      j === i ? { ...x, prescribed: e.currentTarget.checked } : x,
                    ),
                  })
                }
              />
              <TextInput
                label="Last taken (empty if still taking)"
                type="date"
                value={m.lastTaken ?? ""}
                onChange={(e) =>
                  set({
                    medications: answers.medications.map((x, j) =>
                      j === i
                        ? { ...x, lastTaken: e.currentTarget.value || null, ongoing: !e.currentTarget.value }
                        : x,
                    ),
                  })
                }
              />
              <Button
                variant="subtle"
                color="red"
                onClick={() => set({ medications: answers.medications.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() =>
                set({
                  medications: [
                    ...answers.medications,
                    {
                      ingredient: "",
                      product: null,
                      route: "oral",
                      prescribed: false,
                      ongoing: true,
                      lastTaken: null,
                    },
                  ],
                })
              }
            >
              Add a medicine
            </Button>
          </Group>
          <Text size="sm">
            Never stop a medicine your doctor prescribed because of this treatment: tell us and we will
            advise.
          </Text>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            What would you like to treat?
          </Title>
          {q.indications.map((ind) => (
            <Checkbox.Group
              key={ind.id}
              label={ind.label}
              value={answers.concerns.find((c) => c.indication === ind.id)?.zones ?? []}
              onChange={(zones) => {
                const others = answers.concerns.filter((c) => c.indication !== ind.id);
                set({ concerns: zones.length ? [...others, { indication: ind.id, zones }] : others });
              }}
            >
              <Group mt={4} gap="sm">
                {ind.zones.map((z) => (
                  <Checkbox
                    key={z}
                    value={z}
                    label={zoneLabel(z)}
                    onChange={(e) => toggleConcern(ind.id, z, e.currentTarget.checked)}
                  />
                ))}
              </Group>
            </Checkbox.Group>
          ))}
        </Stack>
      </Paper>
      {message ? (
        <Alert
          color={message.kind === "error" ? "red" : "green"}
          role={message.kind === "error" ? "alert" : "status"}
        >
          {message.text}
        </Alert>
      ) : null}
      <Group>
        <Button onClick={submit}>Send my answers</Button>
      </Group>
    </Stack>
  );
}
