import { Button, Group, List, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import {
  addMaintenance,
  addTimeOff,
  type Block,
  removeMaintenance,
  removeTimeOff,
} from "../../../contract/setup.ts";
import { call, submit } from "../../api/client.ts";
import { fieldError } from "./form-errors.ts";
import { FormStatus } from "./form-status.tsx";
import { useSave } from "./use-save.ts";
import { instantLabel, localToInstant } from "./zone-time.ts";

/**
 * Blocks of time a resource is out (a device's maintenance, a provider's time off), entered on the
 * clinic's clock and sent as instants.
 */
export function BlockList({
  what,
  path,
  resourceId,
  resourceName,
  blocks,
  timeZone,
  isOwner,
  reload,
}: {
  what: string;
  path: "/api/setup/maintenance" | "/api/setup/time-off";
  resourceId: string;
  resourceName: string;
  blocks: Block[];
  timeZone: string;
  isOwner: boolean;
  reload: () => void;
}) {
  const add = useSave();
  const remove = useSave();
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const [reason, setReason] = useState("");
  const mine = blocks.filter((b) => b.resourceId === resourceId);

  return (
    <Stack gap="xs">
      {mine.length === 0 ? (
        <Text size="sm" c="dimmed">
          No {what} planned.
        </Text>
      ) : (
        <List size="sm" spacing={4}>
          {mine.map((b) => {
            const label = `${instantLabel(b.startsAt, timeZone)} – ${instantLabel(b.endsAt, timeZone)}`;
            return (
              <List.Item key={b.id}>
                <Group gap="xs" wrap="wrap">
                  <span>
                    {label}
                    {b.reason ? ` · ${b.reason}` : ""}
                  </span>
                  {isOwner ? (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${what} ${label} for ${resourceName}`}
                      onClick={() =>
                        void remove
                          .run(
                            () =>
                              call(path === "/api/setup/time-off" ? removeTimeOff : removeMaintenance, {
                                params: { id: b.id },
                              }),
                            `Removed.`,
                          )
                          .then((ok) => ok && reload())
                      }
                    >
                      Remove
                    </Button>
                  ) : null}
                </Group>
              </List.Item>
            );
          })}
        </List>
      )}
      <FormStatus error={remove.error} done={remove.done} />
      {isOwner ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add
              .run(
                () =>
                  submit(path === "/api/setup/time-off" ? addTimeOff : addMaintenance, {
                    body: {
                      resourceId,
                      startsAt: localToInstant(from, timeZone) ?? from,
                      endsAt: localToInstant(until, timeZone) ?? until,
                      reason,
                    },
                  }),
                `Added ${what}.`,
              )
              .then((ok) => {
                if (!ok) return;
                setFrom("");
                setUntil("");
                setReason("");
                reload();
              });
          }}
        >
          <Group gap="sm" align="flex-start" wrap="wrap">
            <TextInput
              type="datetime-local"
              label={`${resourceName}: ${what} from`}
              required
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={fieldError(add.error, "body.startsAt")}
            />
            <TextInput
              type="datetime-local"
              label={`${resourceName}: ${what} until`}
              required
              value={until}
              onChange={(e) => setUntil(e.currentTarget.value)}
              error={fieldError(add.error, "body.endsAt")}
            />
            <TextInput
              label={`${resourceName}: reason`}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(add.error, "body.reason")}
            />
            <Button type="submit" variant="light" mt={{ base: 0, sm: 25 }} loading={add.busy}>
              Add {what}
            </Button>
          </Group>
          <FormStatus error={add.error} done={add.done} />
        </form>
      ) : null}
    </Stack>
  );
}
