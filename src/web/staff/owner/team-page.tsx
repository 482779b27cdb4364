// The owner's team: who works here, invitations by e-mail, deactivating a member and resetting a
// member's authenticator when they lose their phone.
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useState } from "react";
import { request } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";
import { useSave } from "../setup/use-save.ts";

interface Member {
  id: string;
  email: string;
  name: string;
  role: "owner" | "provider" | "front_desk";
  credential: string | null;
  maxNeedleDepthMm: number | null;
  twoFactorEnabled: boolean;
  disabledAt: string | null;
}
interface Invitation {
  id: string;
  email: string;
  name: string;
  role: string;
  expiresAt: string;
}
interface Team {
  staff: Member[];
  invitations: Invitation[];
  emailConfigured: boolean;
}
type Delivery = { status: "sent" | "not_sent"; reason?: string };

const ROLE: Record<string, string> = { owner: "Owner", provider: "Provider", front_desk: "Front desk" };
const DEPTH: Record<string, number> = { physician: 2.5, nurse: 1.5, aesthetician: 0.5 };

function deliveryText(d: Delivery, email: string): string {
  return d.status === "sent"
    ? `Invitation e-mailed to ${email}.`
    : `The invitation was made but not sent: ${d.reason}.`;
}

function InviteForm({ reload }: { reload: () => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<string>("provider");
  const [credential, setCredential] = useState<string>("nurse");
  const [depth, setDepth] = useState<number>(1.5);
  const save = useSave();
  const [note, setNote] = useState<string | null>(null);
  return (
    <form
      aria-label="Invite a staff member"
      onSubmit={(e) => {
        e.preventDefault();
        setNote(null);
        void save
          .run(async () => {
            const res = await request<{ delivery: Delivery }>("POST", "/api/staff/invitations", {
              body: {
                email,
                name,
                role,
                ...(role === "provider" ? { credential, maxNeedleDepthMm: depth } : {}),
              },
            });
            setNote(deliveryText(res.delivery, email));
          }, "")
          .then((ok) => {
            if (!ok) return;
            setEmail("");
            setName("");
            reload();
          });
      }}
    >
      <Stack gap="sm">
        <Title order={2} size="h4">
          Invite someone
        </Title>
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, "body.name")}
          />
          <TextInput
            label="E-mail"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError(save.error, "body.email")}
          />
          <Select
            label="Role"
            data={[
              { value: "provider", label: "Provider" },
              { value: "front_desk", label: "Front desk" },
              { value: "owner", label: "Owner" },
            ]}
            value={role}
            allowDeselect={false}
            onChange={(v) => v && setRole(v)}
          />
          {role === "provider" ? (
            <>
              <Select
                label="Credential"
                data={[
                  { value: "physician", label: "Physician" },
                  { value: "nurse", label: "Nurse" },
                  { value: "aesthetician", label: "Licensed aesthetician" },
                ]}
                value={credential}
                allowDeselect={false}
                onChange={(v) => {
                  if (!v) return;
                  setCredential(v);
                  setDepth(DEPTH[v] ?? 0.5);
                }}
                error={fieldError(save.error, "body.credential")}
              />
              <NumberInput
                label="Deepest needle depth (mm)"
                description="What their licence allows"
                min={0.1}
                max={3}
                step={0.25}
                decimalScale={2}
                value={depth}
                onChange={(v) => setDepth(typeof v === "number" ? v : Number(v) || 0)}
                error={fieldError(save.error, "body.maxNeedleDepthMm")}
              />
            </>
          ) : null}
        </Group>
        <Button type="submit" loading={save.busy} style={{ alignSelf: "flex-start" }}>
          Send invitation
        </Button>
        <FormStatus error={save.error} done={note} />
      </Stack>
    </form>
  );
}

function MemberActions({ member, self, reload }: { member: Member; self: boolean; reload: () => void }) {
  const [confirming, setConfirming] = useState<"reset" | null>(null);
  const save = useSave();
  if (self) return <Text size="sm">You</Text>;
  const active = member.disabledAt === null;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button
          size="xs"
          variant="default"
          loading={save.busy}
          onClick={() =>
            void save
              .run(
                () => request("PUT", `/api/staff/${member.id}/active`, { body: { active: !active } }),
                active ? `${member.name} is deactivated.` : `${member.name} can sign in again.`,
              )
              .then((ok) => ok && reload())
          }
        >
          {active ? `Deactivate ${member.name}` : `Reactivate ${member.name}`}
        </Button>
        {member.role !== "front_desk" && active ? (
          confirming === "reset" ? (
            <Button
              size="xs"
              color="red.9"
              loading={save.busy}
              onClick={() =>
                void save
                  .run(
                    () => request("POST", `/api/staff/${member.id}/two-factor/reset`),
                    `${member.name} sets up a new authenticator at their next sign-in.`,
                  )
                  .then((ok) => {
                    setConfirming(null);
                    if (ok) reload();
                  })
              }
            >
              Yes, reset {member.name}'s authenticator
            </Button>
          ) : (
            <Button size="xs" variant="outline" color="red.9" onClick={() => setConfirming("reset")}>
              Reset authenticator
            </Button>
          )
        ) : null}
      </Group>
      <FormStatus error={save.error} done={save.done} />
    </Stack>
  );
}

export function TeamPage() {
  const user = useStaffUser();
  const team = useRequest<Team>("/api/staff");
  const resend = useSave();
  const [resendNote, setResendNote] = useState<string | null>(null);
  if (user.role !== "owner") return <Alert color="blue">Only an owner manages the team.</Alert>;
  return (
    <Stack gap="lg" maw={1000}>
      <title>Team · Remodel</title>
      <Title order={1}>Team</Title>
      {!team.data ? (
        team.status === "error" ? (
          <ErrorState error={team.error} title="The team could not be loaded" onRetry={team.reload} />
        ) : (
          <LoadingState />
        )
      ) : (
        <>
          {team.data.emailConfigured ? null : (
            <Alert color="clay" variant="light">
              E-mail is not set up on this server (SMTP_URL), so invitations cannot be sent yet.
            </Alert>
          )}
          <Paper withBorder p="md" style={{ overflowX: "auto" }}>
            <Table data-testid="staff-table" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Sign-in</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {team.data.staff.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Text fw={600}>{m.name}</Text>
                      <Text size="sm" c="dimmed">
                        {m.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {ROLE[m.role]}
                      {m.credential ? ` · ${m.credential}, up to ${m.maxNeedleDepthMm} mm` : ""}
                    </Table.Td>
                    <Table.Td>
                      {m.disabledAt ? (
                        <Badge color="gray.8" variant="outline">
                          Deactivated
                        </Badge>
                      ) : m.role === "front_desk" ? (
                        "Password"
                      ) : m.twoFactorEnabled ? (
                        "Password and authenticator"
                      ) : (
                        "Sets up an authenticator at next sign-in"
                      )}
                    </Table.Td>
                    <Table.Td>
                      <MemberActions member={m} self={m.id === user.id} reload={team.reload} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {team.data.invitations.length ? (
            <Paper withBorder p="md">
              <Title order={2} size="h4">
                Waiting to join
              </Title>
              <Stack gap="xs" mt="sm" component="ul" p={0} style={{ listStyle: "none" }}>
                {team.data.invitations.map((i) => (
                  <Group component="li" key={i.id} justify="space-between" wrap="wrap">
                    <Text size="sm">
                      {i.name} ({i.email}), {ROLE[i.role] ?? i.role} · link valid until{" "}
                      {formatShortDateTime(i.expiresAt, user.clinic.timeZone)}
                    </Text>
                    <Button
                      size="xs"
                      variant="default"
                      loading={resend.busy}
                      onClick={() =>
                        void resend.run(async () => {
                          const res = await request<{ delivery: Delivery }>(
                            "POST",
                            `/api/staff/invitations/${i.id}/resend`,
                          );
                          setResendNote(deliveryText(res.delivery, i.email));
                        }, "")
                      }
                    >
                      Send {i.name}'s invitation again
                    </Button>
                  </Group>
                ))}
              </Stack>
              <FormStatus error={resend.error} done={resendNote} />
            </Paper>
          ) : null}
          <Paper withBorder p="md">
            <InviteForm reload={team.reload} />
          </Paper>
        </>
      )}
    </Stack>
  );
}
