import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import {
  type AppointmentType,
  addAppointmentType,
  editAppointmentType,
  type Segment,
  type SetupData,
  type TypeKind,
} from "../../../contract/setup.ts";
import { submit } from "../../api/client.ts";
import { useMoney } from "../../lib/use-clinic.ts";
import { fieldError } from "./form-errors.ts";
import { FormStatus } from "./form-status.tsx";
import { type SectionProps, useSave } from "./use-save.ts";

const KINDS: { value: TypeKind; label: string }[] = [
  { value: "consultation", label: "Consultation" },
  { value: "microneedling", label: "Microneedling session" },
  { value: "review", label: "Review" },
];

function resourcesOf(s: Segment): string {
  const parts = [s.provider && "provider", s.room && "room", s.device && "device"].filter(Boolean);
  return parts.length ? parts.join(" + ") : "no resource";
}

function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

function SegmentTable({ segments, caption }: { segments: Segment[]; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Segment</Table.Th>
            <Table.Th>Minutes</Table.Th>
            <Table.Th>Needs</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {segments.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments have no id and keep their order
            <Table.Tr key={i}>
              <Table.Td>{s.kind}</Table.Td>
              <Table.Td>{s.minutes}</Table.Td>
              <Table.Td>{resourcesOf(s)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface TypeDraft {
  name: string;
  kind: TypeKind;
  price: string;
  bufferMinutes: number;
  bookableOnline: boolean;
  active: boolean;
  description: string;
  seriesRuleId: string | null;
  zones: string[];
  /** null: the protocol's segments for the kind. */
  segments: Segment[] | null;
}

function draftOf(t: AppointmentType | null): TypeDraft {
  return t
    ? {
        name: t.name,
        kind: t.kind,
        price: money(t.priceCents),
        bufferMinutes: t.bufferMinutes,
        bookableOnline: t.bookableOnline,
        active: t.active,
        description: t.description,
        seriesRuleId: t.seriesRuleId,
        zones: t.zones,
        segments: t.segments,
      }
    : {
        name: "",
        kind: "consultation",
        price: "0.00",
        bufferMinutes: 0,
        bookableOnline: false,
        active: true,
        description: "",
        seriesRuleId: null,
        zones: [],
        segments: null,
      };
}

function TypeForm({
  type,
  choices,
  reload,
  onDone,
}: {
  type: AppointmentType | null;
  choices: SetupData["choices"];
  reload: () => void;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState<TypeDraft>(() => draftOf(type));
  const save = useSave();
  const set = (patch: Partial<TypeDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setSegment = (i: number, patch: Partial<Segment>) =>
    set({ segments: (draft.segments ?? []).map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const title = type ? `Edit ${type.name}` : "New appointment type";

  return (
    <form
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        const priceCents = Math.round(Number(draft.price) * 100);
        const body = {
          name: draft.name,
          kind: draft.kind,
          priceCents: Number.isFinite(priceCents) ? priceCents : -1,
          segments: draft.segments,
          bufferMinutes: draft.bufferMinutes,
          bookableOnline: draft.bookableOnline,
          active: draft.active,
          description: draft.description,
          seriesRuleId: draft.kind === "microneedling" ? draft.seriesRuleId : null,
          zones: draft.kind === "microneedling" ? draft.zones : [],
        };
        void save
          .run(
            () =>
              type
                ? submit(editAppointmentType, { params: { id: type.id }, body })
                : submit(addAppointmentType, { body }),
            "Appointment type saved.",
          )
          .then((ok) => {
            if (!ok) return;
            reload();
            onDone();
          });
      }}
    >
      <Stack gap="sm">
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            label="Name"
            required
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={fieldError(save.error, "body.name")}
          />
          <Select
            label="Kind"
            data={KINDS}
            value={draft.kind}
            allowDeselect={false}
            onChange={(v) => v && set({ kind: v as TypeKind })}
            error={fieldError(save.error, "body.kind")}
          />
          <TextInput
            label="Price"
            inputMode="decimal"
            value={draft.price}
            onChange={(e) => set({ price: e.currentTarget.value })}
            error={fieldError(save.error, "body.priceCents")}
            w={120}
          />
          <NumberInput
            label="Cleaning buffer (min)"
            min={0}
            max={120}
            value={draft.bufferMinutes}
            onChange={(v) => set({ bufferMinutes: typeof v === "number" ? v : 0 })}
            error={fieldError(save.error, "body.bufferMinutes")}
            w={170}
          />
        </Group>
        <Group gap="lg" wrap="wrap">
          <Switch
            label="Bookable online"
            checked={draft.bookableOnline}
            onChange={(e) => set({ bookableOnline: e.currentTarget.checked })}
          />
          <Switch
            label="Offered"
            checked={draft.active}
            onChange={(e) => set({ active: e.currentTarget.checked })}
          />
        </Group>
        {draft.kind === "microneedling" ? (
          <>
            <Select
              label="Series rule"
              description="How many sessions, how far apart: the protocol's rule this type is booked under"
              data={choices.seriesRules.map((r) => ({ value: r.id, label: r.label }))}
              value={draft.seriesRuleId}
              placeholder="The protocol's general rule"
              clearable
              onChange={(v) => set({ seriesRuleId: v })}
              error={fieldError(save.error, "body.seriesRuleId")}
            />
            <Checkbox.Group
              label="Zones this type covers"
              description="A plan is priced by the cheapest type that covers all its zones"
              value={draft.zones}
              onChange={(zones) => set({ zones })}
              error={fieldError(save.error, "body.zones")}
            >
              <Group gap="md" mt="xs" wrap="wrap">
                {choices.zones.map((z) => (
                  <Checkbox key={z.id} value={z.id} label={z.label} />
                ))}
              </Group>
            </Checkbox.Group>
          </>
        ) : null}
        <Fieldset legend="Segments">
          <Stack gap="xs">
            <Checkbox
              label="Use the protocol's segments for this kind"
              checked={draft.segments === null}
              onChange={(e) =>
                set({
                  segments: e.currentTarget.checked
                    ? null
                    : (type?.effectiveSegments ?? [
                        { kind: "visit", minutes: 30, provider: true, room: true, device: false },
                      ]),
                })
              }
            />
            {draft.segments === null && type ? (
              <SegmentTable segments={type.effectiveSegments} caption="Protocol default segments" />
            ) : null}
            {(draft.segments ?? []).map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are edited in place by position
              <Group key={i} gap="xs" align="flex-end" wrap="wrap">
                <TextInput
                  label={`Segment ${i + 1} name`}
                  value={s.kind}
                  onChange={(e) => setSegment(i, { kind: e.currentTarget.value })}
                  error={fieldError(save.error, `body.segments.${i}.kind`)}
                  w={150}
                />
                <NumberInput
                  label={`Segment ${i + 1} minutes`}
                  min={5}
                  max={240}
                  value={s.minutes}
                  onChange={(v) => setSegment(i, { minutes: typeof v === "number" ? v : 0 })}
                  error={fieldError(save.error, `body.segments.${i}.minutes`)}
                  w={150}
                />
                <Checkbox
                  label="Provider"
                  checked={s.provider}
                  onChange={(e) => setSegment(i, { provider: e.currentTarget.checked })}
                  mb={8}
                />
                <Checkbox
                  label="Room"
                  checked={s.room}
                  onChange={(e) => setSegment(i, { room: e.currentTarget.checked })}
                  mb={8}
                />
                <Checkbox
                  label="Device"
                  checked={s.device}
                  onChange={(e) => setSegment(i, { device: e.currentTarget.checked })}
                  mb={8}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mb={4}
                  aria-label={`Remove segment ${i + 1}`}
                  onClick={() => set({ segments: (draft.segments ?? []).filter((_, j) => j !== i) })}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            {draft.segments !== null ? (
              <Button
                size="xs"
                variant="subtle"
                style={{ alignSelf: "flex-start" }}
                onClick={() =>
                  set({
                    segments: [
                      ...(draft.segments ?? []),
                      { kind: "", minutes: 15, provider: false, room: true, device: false },
                    ],
                  })
                }
              >
                Add segment
              </Button>
            ) : null}
            {fieldError(save.error, "body.segments") ? (
              <Text size="sm" c="red.9">
                {fieldError(save.error, "body.segments")}
              </Text>
            ) : null}
          </Stack>
        </Fieldset>
        <Group gap="sm">
          <Button type="submit" loading={save.busy}>
            Save
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
        <FormStatus error={save.error} done={save.done} />
      </Stack>
    </form>
  );
}

function TypeCard({
  type,
  choices,
  isOwner,
  reload,
}: {
  type: AppointmentType;
  choices: SetupData["choices"];
  isOwner: boolean;
  reload: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const price = useMoney();
  return (
    <Paper withBorder p="md" component="article" aria-label={type.name}>
      {editing ? (
        <TypeForm type={type} choices={choices} reload={reload} onDone={() => setEditing(false)} />
      ) : (
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Group gap="xs">
              <Title order={3} size="h4">
                {type.name}
              </Title>
              <Badge variant="light">{KINDS.find((k) => k.value === type.kind)?.label}</Badge>
              {type.active ? null : (
                <Badge color="gray.8" variant="outline">
                  Not offered
                </Badge>
              )}
              {type.bookableOnline ? (
                <Badge color="teal.9" variant="outline">
                  Online
                </Badge>
              ) : null}
            </Group>
            {isOwner ? (
              <Button
                size="xs"
                variant="light"
                onClick={() => setEditing(true)}
                aria-label={`Edit ${type.name}`}
              >
                Edit
              </Button>
            ) : null}
          </Group>
          <Text size="sm">
            Price {price(type.priceCents)} · {type.durationMinutes} min
            {type.bufferMinutes ? ` + ${type.bufferMinutes} min cleaning` : ""}
          </Text>
          {type.kind === "microneedling" ? (
            <Text size="sm">
              Series: {choices.seriesRules.find((r) => r.id === type.seriesRuleId)?.label ?? "none"} · Covers:{" "}
              {type.zones.length
                ? type.zones.map((id) => choices.zones.find((z) => z.id === id)?.label ?? id).join(", ")
                : "no zones yet (plans cannot be priced from it)"}
            </Text>
          ) : null}
          {type.kind === "microneedling" && type.active && type.zones.length === 0 ? (
            <Alert
              color="orange"
              variant="light"
              title={
                <Text fw={700} size="sm" c="dark.9">
                  No zones ticked
                </Text>
              }
              data-testid="type-without-zones"
            >
              A treatment plan is priced by the type that covers its zones, so plans for this type are refused
              until {isOwner ? "you tick" : "an owner ticks"} the zones it covers
              {isOwner ? " (Edit → Zones this type covers)" : ""}.
            </Alert>
          ) : null}
          <SegmentTable
            segments={type.effectiveSegments}
            caption={type.segments === null ? "Protocol default segments" : "Clinic's own segments"}
          />
        </Stack>
      )}
    </Paper>
  );
}

export function TypesSection({ data, isOwner, reload }: SectionProps<SetupData>) {
  const [adding, setAdding] = useState(false);
  // Offered microneedling types without zones: their plans are refused until the zones are ticked.
  const unzoned = data.appointmentTypes.filter(
    (t) => t.kind === "microneedling" && t.active && t.zones.length === 0,
  );
  return (
    <Stack gap="md">
      {unzoned.length > 0 ? (
        <Alert
          color="orange"
          role="alert"
          title={
            <Text fw={700} size="sm" c="dark.9">
              Types without zones
            </Text>
          }
          data-testid="types-without-zones"
        >
          {unzoned.length === 1 ? "One microneedling type says" : `${unzoned.length} microneedling types say`}{" "}
          no zones: {unzoned.map((t) => t.name).join(", ")}. Plans that would be booked as{" "}
          {unzoned.length === 1 ? "it" : "them"} cannot be priced until{" "}
          {isOwner ? "you tick the zones each covers." : "an owner ticks the zones each covers."}
        </Alert>
      ) : null}
      {data.appointmentTypes.map((t) => (
        <TypeCard
          key={`${t.id}:${t.name}:${t.durationMinutes}`}
          type={t}
          choices={data.choices}
          isOwner={isOwner}
          reload={reload}
        />
      ))}
      {isOwner ? (
        adding ? (
          <Paper withBorder p="md">
            <TypeForm type={null} choices={data.choices} reload={reload} onDone={() => setAdding(false)} />
          </Paper>
        ) : (
          <Button variant="light" style={{ alignSelf: "flex-start" }} onClick={() => setAdding(true)}>
            New appointment type
          </Button>
        )
      ) : null}
    </Stack>
  );
}
