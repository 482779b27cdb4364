/**
 * Two sections of the open session chart, as fields: the checklist with the numbing times, and
 * the device, cartridge, post-procedure product and endpoint. The chart form holds their state.
 */
import {
  Checkbox,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import type { ChartOptions as Options } from "../../../contract/charts.ts";
import { DateField } from "../../components/date-field.tsx";
import { TimeField } from "../time-field.tsx";

export interface Anaesthetic {
  product: string;
  startedAt: string;
  endedAt: string;
}

export function ChecklistSection({
  options,
  steps,
  setSteps,
  anaesthetic,
  setAnaesthetic,
  incompleteReason,
  setIncompleteReason,
  showReason,
}: {
  options: Options;
  steps: Record<string, boolean>;
  setSteps: (steps: Record<string, boolean>) => void;
  anaesthetic: Anaesthetic;
  setAnaesthetic: (a: Anaesthetic) => void;
  incompleteReason: string;
  setIncompleteReason: (reason: string) => void;
  /** A step is not ticked: signing then needs a reason. */
  showReason: boolean;
}) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        Checklist
      </Title>
      <Stack gap="xs">
        {options.checklistSteps.map((s) => (
          <Checkbox
            key={s.id}
            label={s.text}
            checked={steps[s.id] ?? false}
            onChange={(e) => setSteps({ ...steps, [s.id]: e.currentTarget.checked })}
          />
        ))}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Anaesthetic"
            value={anaesthetic.product}
            onChange={(e) => setAnaesthetic({ ...anaesthetic, product: e.currentTarget.value })}
          />
          <TimeField
            label="Anaesthetic on at"
            stepMinutes={5}
            value={anaesthetic.startedAt}
            onChange={(startedAt) => setAnaesthetic({ ...anaesthetic, startedAt })}
          />
          <TimeField
            label="Anaesthetic off at"
            stepMinutes={5}
            value={anaesthetic.endedAt}
            onChange={(endedAt) => setAnaesthetic({ ...anaesthetic, endedAt })}
          />
        </SimpleGrid>
        {showReason ? (
          <Textarea
            label="Why a step was not done"
            description="Needed to sign with a step not ticked (at least 10 characters)."
            value={incompleteReason}
            onChange={(e) => setIncompleteReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}

export interface DeviceFields {
  deviceId: string;
  lot: string;
  expiry: string;
  product: string;
  productLot: string;
  endpoint: string;
}

export function DeviceSection({
  options,
  devices,
  value,
  onChange,
}: {
  options: Options;
  devices: { id: string; name: string }[];
  value: DeviceFields;
  onChange: (patch: Partial<DeviceFields>) => void;
}) {
  const { deviceId, lot, expiry, product, productLot, endpoint } = value;
  const productOf = (id: string) => options.postProducts.find((p) => p.id === id);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        Device, cartridge and product
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NativeSelect
          label="Device"
          value={deviceId}
          onChange={(e) => onChange({ deviceId: e.currentTarget.value })}
          data={[{ value: "", label: "Choose…" }, ...devices.map((d) => ({ value: d.id, label: d.name }))]}
        />
        <TextInput
          label="Cartridge lot"
          value={lot}
          onChange={(e) => onChange({ lot: e.currentTarget.value })}
        />
        <DateField
          label="Cartridge expiry"
          value={expiry}
          onChange={(value) => onChange({ expiry: value })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="sm">
        <NativeSelect
          label="Post-procedure product"
          value={product}
          onChange={(e) => onChange({ product: e.currentTarget.value })}
          data={[
            { value: "", label: "None" },
            ...options.postProducts.map((p) => ({
              value: p.id,
              label: p.granulomaRisk ? `${p.label} (granuloma warning)` : p.label,
            })),
          ]}
        />
        <TextInput
          label="Product lot"
          description={product ? "Needed to sign: a lot recall finds the chart by it" : "No product used"}
          value={productLot}
          disabled={!product}
          onChange={(e) => onChange({ productLot: e.currentTarget.value })}
        />
        <NativeSelect
          label="Endpoint"
          value={endpoint}
          onChange={(e) => onChange({ endpoint: e.currentTarget.value })}
          data={[
            { value: "", label: "Choose…" },
            { value: "erythema", label: "Even erythema" },
            { value: "erythema-pinpoint-bleeding", label: "Erythema with pinpoint bleeding" },
            { value: "not-reached", label: "Not reached" },
          ]}
        />
      </SimpleGrid>
      {product && productOf(product)?.granulomaRisk ? (
        <Text size="sm" c="red.9" mt="xs">
          Linked to granulomatous reactions on freshly needled skin.
        </Text>
      ) : null}
    </Paper>
  );
}
