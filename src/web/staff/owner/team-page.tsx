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
import {
  type Delivery,
  type InviteBody,
  inviteStaff,
  resendInvitation,
  resetSecondFactor,
  type StaffMember,
  setStaffActive,
  team as teamEndpoint,
} from "../../../contract/staff.ts";
import { call } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";

const ROLE: Record<string, string> = { owner: "Owner", provider: "Provider", front_desk: "Front desk" };

function roleOf(m: StaffMember): string {
  return `${ROLE[m.role]}${m.credential ? ` · ${m.credential}, up to ${m.maxNeedleDepthMm} mm` : ""}`;
}

/** How the member signs in, or that they cannot. */
function SignIn({ member: m }: { member: StaffMember }) {
  if (m.disabledAt)
    return (
      <Badge color="gray.8" variant="outline">
        Deactivated
      </Badge>
    );
  if (m.role === "front_desk") return <>Password</>;
  return (
    <>{m.twoFactorEnabled ? "Password and authenticator" : "Sets up an authenticator at next sign-in"}</>
  );
}
const DEPTH: Record<string, number> = { physician: 2.5, nurse: 1.5, aesthetician: 0.5 };

function deliveryText(d: Delivery, email: string): string {
  return d.status === "sent"
    ? `Invitation e-mailed to ${email}.`
    : `The invitation was made but not sent: ${d.reason}.`;
}

type Credential = NonNullable<InviteBody["credential"]>;

function InviteForm() {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<InviteBody["role"]>("provider");
  const [credential, setCredential] = useState<Credential>("nurse");
  const [depth, setDepth] = useState<number>(1.5);
  const [note, setNote] = useState<string | null>(null);
  const save = useApiMutation((body: InviteBody) => call(inviteStaff, { body }), {
    invalidates: [teamEndpoint],
    onSuccess: (res, body) => {
      setNote(deliveryText(res.delivery, body.email));
      setEmail("");
      setName("");
    },
  });
  return (
    <form
      aria-label="Invite a staff member"
      onSubmit={(e) => {
        e.preventDefault();
        setNote(null);
        save.mutate({
          email,
          name,
          role,
          ...(role === "provider" ? { credential, maxNeedleDepthMm: depth } : {}),
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
            onChange={(v) => v && setRole(v as InviteBody["role"])}
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
                  setCredential(v as Credential);
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
        <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
          Send invitation
        </Button>
        <FormStatus error={save.error} done={note} />
      </Stack>
    </form>
  );
}

function MemberActions({ member, self }: { member: StaffMember; self: boolean }) {
  const [confirming, setConfirming] = useState<"reset" | null>(null);
  // Either change answers with the sentence that says what came of it.
  const save = useApiMutation(
    async (change: { active: boolean } | "reset") => {
      if (change === "reset") {
        await call(resetSecondFactor, { params: { id: member.id } });
        return `${member.name} sets up a new authenticator at their next sign-in.`;
      }
      await call(setStaffActive, { params: { id: member.id }, body: change });
      return change.active ? `${member.name} can sign in again.` : `${member.name} is deactivated.`;
    },
    { invalidates: [teamEndpoint] },
  );
  if (self) return <Text size="sm">You</Text>;
  const active = member.disabledAt === null;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button
          size="xs"
          variant="default"
          loading={save.isPending}
          onClick={() => save.mutate({ active: !active })}
        >
          {active ? `Deactivate ${member.name}` : `Reactivate ${member.name}`}
        </Button>
        {member.role !== "front_desk" && active ? (
          confirming === "reset" ? (
            <Button
              size="xs"
              color="red.9"
              loading={save.isPending}
              onClick={() => save.mutate("reset", { onSettled: () => setConfirming(null) })}
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
      <FormStatus error={save.error} done={save.data ?? null} />
    </Stack>
  );
}

export function TeamPage() {
  const user = useStaffUser();
  const team = useApiQuery(teamEndpoint);
  const [resendNote, setResendNote] = useState<string | null>(null);
  const resend = useApiMutation(
    (invitation: { id: string; email: string }) => call(resendInvitation, { params: { id: invitation.id } }),
    { onSuccess: (res, invitation) => setResendNote(deliveryText(res.delivery, invitation.email)) },
  );
  if (user.role !== "owner") return <Alert color="blue">Only an owner manages the team.</Alert>;
  return (
    <Stack gap="lg" maw={1000}>
      <title>Team · Remodel</title>
      <Title order={1}>Team</Title>
      {!team.data ? (
        team.isError ? (
          <ErrorState
            error={team.error}
            title="The team could not be loaded"
            onRetry={() => void team.refetch()}
          />
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
          <Paper withBorder p="md" visibleFrom="sm">
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
                    <Table.Td>{roleOf(m)}</Table.Td>
                    <Table.Td>
                      <SignIn member={m} />
                    </Table.Td>
                    <Table.Td>
                      <MemberActions member={m} self={m.id === user.id} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {/* On a phone each member is a card, so the actions need no sideways scrolling. */}
          <Stack
            component="ul"
            gap="xs"
            p={0}
            m={0}
            hiddenFrom="sm"
            aria-label="Team"
            data-testid="staff-cards"
          >
            {team.data.staff.map((m) => (
              <Paper component="li" withBorder p="md" key={m.id} style={{ listStyle: "none" }}>
                <Stack gap={6}>
                  <div>
                    <Text fw={600}>{m.name}</Text>
                    <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                      {m.email}
                    </Text>
                  </div>
                  <Text size="sm">{roleOf(m)}</Text>
                  <Text size="sm" component="div">
                    <SignIn member={m} />
                  </Text>
                  <MemberActions member={m} self={m.id === user.id} />
                </Stack>
              </Paper>
            ))}
          </Stack>
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
                      loading={resend.isPending}
                      onClick={() => resend.mutate(i)}
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
            <InviteForm />
          </Paper>
        </>
      )}
    </Stack>
  );
}
