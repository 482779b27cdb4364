import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import {
  addDevice,
  addRoom,
  editDevice,
  editRoom,
  type Resource,
  type SetupData,
} from "../../../contract/setup.ts";
import type { RoomPurpose } from "../../../domain/scheduling/room-purpose.ts";
import { submit } from "../../api/client.ts";
import { BlockList } from "./blocks.tsx";
import { fieldError } from "./form-errors.ts";
import { FormStatus } from "./form-status.tsx";
import { type SectionProps, useSave } from "./use-save.ts";

/** What a room is for, as the owner chooses it; the booking keeps needling out of consultation rooms. */
const PURPOSES: { value: RoomPurpose; label: string }[] = [
  { value: "any", label: "Any visit" },
  { value: "treatment", label: "Treatments first" },
  { value: "consultation", label: "Consultations (no needling)" },
];

function PurposeSelect({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: RoomPurpose;
  onChange: (purpose: RoomPurpose) => void;
  error?: React.ReactNode;
}) {
  return (
    <NativeSelect
      label={label}
      data={PURPOSES}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as RoomPurpose)}
      error={error}
    />
  );
}

function ResourceRow({
  kind,
  resource,
  isOwner,
  reload,
  children,
}: {
  kind: "rooms" | "devices";
  resource: Resource & { purpose?: RoomPurpose };
  isOwner: boolean;
  reload: () => void;
  children?: React.ReactNode;
}) {
  const [name, setName] = useState(resource.name);
  const [purpose, setPurpose] = useState<RoomPurpose>(resource.purpose ?? "any");
  const [serial, setSerial] = useState(resource.serialNumber ?? "");
  const save = useSave();
  const patch = (
    body: { name?: string; active?: boolean; serialNumber?: string | null; purpose?: RoomPurpose },
    done: string,
  ) =>
    void save
      .run(
        () =>
          kind === "rooms"
            ? submit(editRoom, { params: { id: resource.id }, body })
            : submit(editDevice, { params: { id: resource.id }, body }),
        done,
      )
      .then((ok) => ok && reload());
  return (
    <Paper withBorder p="sm" data-testid={`${kind}-row`}>
      <Stack gap="xs">
        {isOwner ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              patch(
                kind === "devices"
                  ? { name, serialNumber: serial.trim() === "" ? null : serial.trim() }
                  : { name, purpose },
                "Saved.",
              );
            }}
          >
            <Group gap="sm" align="flex-start" wrap="wrap">
              <TextInput
                label={`Name of ${resource.name}`}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={fieldError(save.error, "body.name")}
              />
              {kind === "devices" ? (
                <TextInput
                  label={`Serial number of ${resource.name}`}
                  value={serial}
                  onChange={(e) => setSerial(e.currentTarget.value)}
                  error={fieldError(save.error, "body.serialNumber")}
                />
              ) : (
                <PurposeSelect
                  label={`${resource.name} is for`}
                  value={purpose}
                  onChange={setPurpose}
                  error={fieldError(save.error, "body.purpose")}
                />
              )}
              <Button
                type="submit"
                variant="light"
                mt={{ base: 0, sm: 25 }}
                loading={save.busy}
                aria-label={`Save ${resource.name}`}
              >
                Save
              </Button>
              <Switch
                mt={{ base: 0, sm: 32 }}
                label="In use"
                checked={resource.active}
                onChange={(e) =>
                  patch(
                    { active: e.currentTarget.checked },
                    e.currentTarget.checked ? "In use." : "Taken out of use.",
                  )
                }
              />
            </Group>
          </form>
        ) : (
          <Group gap="sm">
            <Text fw={600}>{resource.name}</Text>
            {resource.purpose ? (
              <Text size="sm">{PURPOSES.find((x) => x.value === resource.purpose)?.label}</Text>
            ) : null}
            {resource.active ? null : (
              <Badge color="gray.8" variant="outline">
                Not in use
              </Badge>
            )}
          </Group>
        )}
        {resource.model || resource.serialNumber ? (
          <Text size="xs" c="dimmed">
            {[resource.model, resource.serialNumber && `serial ${resource.serialNumber}`]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        ) : null}
        <FormStatus error={save.error} done={save.done} />
        {children}
      </Stack>
    </Paper>
  );
}

function AddResource({
  kind,
  locationId,
  reload,
}: {
  kind: "rooms" | "devices";
  locationId: string;
  reload: () => void;
}) {
  const [name, setName] = useState("");
  const [model, setModel] = useState("");
  const [purpose, setPurpose] = useState<RoomPurpose>("any");
  const add = useSave();
  const noun = kind === "rooms" ? "room" : "device";
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void add
          .run(
            () =>
              kind === "rooms"
                ? submit(addRoom, { body: { locationId, name, purpose } })
                : submit(addDevice, {
                    body: { locationId, name, model: model.trim() === "" ? null : model },
                  }),
            `Added ${noun} ${name}.`,
          )
          .then((ok) => {
            if (!ok) return;
            setName("");
            setModel("");
            setPurpose("any");
            reload();
          });
      }}
    >
      <Group gap="sm" align="flex-start" wrap="wrap">
        <TextInput
          label={`New ${noun} name`}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(add.error, "body.name")}
        />
        {kind === "devices" ? (
          <TextInput
            label="Model"
            value={model}
            onChange={(e) => setModel(e.currentTarget.value)}
            error={fieldError(add.error, "body.model")}
          />
        ) : (
          <PurposeSelect
            label="The new room is for"
            value={purpose}
            onChange={setPurpose}
            error={fieldError(add.error, "body.purpose")}
          />
        )}
        <Button type="submit" mt={{ base: 0, sm: 25 }} loading={add.busy}>
          Add {noun}
        </Button>
      </Group>
      <FormStatus error={add.error} done={add.done} />
    </form>
  );
}

export function ResourcesSection({ data, isOwner, reload }: SectionProps<SetupData>) {
  const location = data.locations[0];
  if (!location) return <Text>No location is set up yet.</Text>;
  const zoneOf = (locationId: string) =>
    data.locations.find((l) => l.id === locationId)?.timeZone ?? location.timeZone;
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" component="section" aria-labelledby="rooms-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="rooms-title">
            Rooms
          </Title>
          {data.rooms.map((room) => (
            <ResourceRow
              key={`${room.id}:${room.name}`}
              kind="rooms"
              resource={room}
              isOwner={isOwner}
              reload={reload}
            />
          ))}
          {isOwner ? <AddResource kind="rooms" locationId={location.id} reload={reload} /> : null}
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="devices-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="devices-title">
            Devices
          </Title>
          {data.devices.map((device) => (
            <ResourceRow
              key={`${device.id}:${device.name}`}
              kind="devices"
              resource={device}
              isOwner={isOwner}
              reload={reload}
            >
              <BlockList
                what="maintenance"
                path="/api/setup/maintenance"
                resourceId={device.id}
                resourceName={device.name}
                blocks={data.maintenance}
                timeZone={zoneOf(device.locationId)}
                isOwner={isOwner}
                reload={reload}
              />
            </ResourceRow>
          ))}
          {isOwner ? <AddResource kind="devices" locationId={location.id} reload={reload} /> : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
