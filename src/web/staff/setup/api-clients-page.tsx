import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import {
  type ApiClient,
  apiClients,
  type NewApiClient,
  type NewApiClientBody,
  registerApiClient,
  revokeApiClient,
} from "../../../contract/api-clients.ts";
import { call } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "./form-errors.ts";
import { FormStatus } from "./form-status.tsx";

const PRESETS = [
  { scope: "system/*.rs", label: "Read and search everything (system/*.rs)" },
  { scope: "system/Patient.rs", label: "Read and search patients only (system/Patient.rs)" },
  { scope: "system/Appointment.rs", label: "Read and search appointments only (system/Appointment.rs)" },
  { scope: "system/*.cud", label: "Import bundles: create and update (system/*.cud)" },
];

function when(iso: Date | null, timeZone: string): string {
  return iso ? formatShortDateTime(iso, timeZone) : "never";
}

function ClientRow({ client, timeZone }: { client: ApiClient; timeZone: string }) {
  const [confirming, setConfirming] = useState(false);
  const save = useApiMutation(() => call(revokeApiClient, { params: { id: client.id } }), {
    invalidates: [apiClients],
  });
  return (
    <Table.Tr data-testid="api-client-row">
      <Table.Td>
        <Text fw={600}>{client.name}</Text>
        <Text size="xs" c="dimmed" style={{ wordBreak: "break-all" }}>
          {client.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" mb={4}>
          {client.authMethod === "private_key_jwt" ? "Signed JWT (public keys)" : "Secret"}
        </Text>
        <Stack gap={2}>
          {client.scopes.map((s) => (
            <Code key={s}>{s}</Code>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">Created {when(client.createdAt, timeZone)}</Text>
        <Text size="sm">Last token {when(client.lastUsedAt, timeZone)}</Text>
      </Table.Td>
      <Table.Td>
        {client.revokedAt ? (
          <Badge color="gray" variant="light">
            Revoked {when(client.revokedAt, timeZone)}
          </Badge>
        ) : confirming ? (
          <Stack gap={4} align="flex-start">
            <Text size="sm">Its tokens stop working at once.</Text>
            <Group gap="xs">
              <Button size="xs" color="red" loading={save.isPending} onClick={() => save.mutate()}>
                Revoke {client.name}
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </Group>
            <FormStatus error={save.error} done={save.isSuccess ? "Revoked." : null} />
          </Stack>
        ) : (
          <Button size="xs" variant="light" color="red" onClick={() => setConfirming(true)}>
            Revoke…
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function NewClient() {
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>(["system/*.rs"]);
  const [other, setOther] = useState("");
  const [method, setMethod] = useState<"secret" | "keys">("secret");
  const [jwksText, setJwksText] = useState("");
  const [jwksError, setJwksError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewApiClient | null>(null);
  const save = useApiMutation((body: NewApiClientBody) => call(registerApiClient, { body }), {
    invalidates: [apiClients],
    onSuccess: (answer) => {
      setCreated(answer);
      setName("");
    },
  });
  const scopes = [...chosen, ...other.split(/\s+/).filter((s) => s !== "")];

  /** The JWK Set typed in (a single JWK is taken as a set of one), or null with the reason shown. */
  // Each key's own fields are checked by the server, which names the one at fault.
  function parsedJwks(): NonNullable<NewApiClientBody["jwks"]> | null {
    try {
      const value = JSON.parse(jwksText) as { keys?: Record<string, unknown>[]; kty?: string };
      if (Array.isArray(value.keys)) return { keys: value.keys };
      if (typeof value.kty === "string") return { keys: [value] };
    } catch {
      // reported below
    }
    setJwksError('Paste the public keys as a JWK Set: {"keys": [ ... ]}');
    return null;
  }
  const tokenUrl = `${window.location.origin}/oauth/token`;

  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Title order={2} size="h3">
          Register a client
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setJwksError(null);
            const jwks = method === "keys" ? parsedJwks() : null;
            if (method === "keys" && jwks === null) return;
            save.mutate({ name, scopes, ...(jwks ? { jwks } : {}) });
          }}
        >
          <Stack gap="sm">
            <TextInput
              label="Name"
              description="Which system this is, e.g. the reporting warehouse."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(save.error, "body.name")}
              required
              maw={420}
            />
            <Checkbox.Group
              label="What it may do"
              value={chosen}
              onChange={setChosen}
              error={fieldError(save.error, "body.scopes")}
            >
              <Stack gap={6} mt={6}>
                {PRESETS.map((p) => (
                  <Checkbox key={p.scope} value={p.scope} label={p.label} />
                ))}
              </Stack>
            </Checkbox.Group>
            <TextInput
              label="Other SMART scopes"
              description="Space-separated, e.g. system/Condition.rs system/Observation.read"
              value={other}
              onChange={(e) => setOther(e.currentTarget.value)}
              error={scopes.map((_, i) => fieldError(save.error, `body.scopes.${i}`)).find(Boolean)}
              maw={420}
            />
            <Radio.Group
              label="How it proves who it is"
              value={method}
              onChange={(v) => setMethod(v === "keys" ? "keys" : "secret")}
            >
              <Stack gap={6} mt={6}>
                <Radio value="secret" label="A secret, shown once (client_secret_basic)" />
                <Radio
                  value="keys"
                  label="Its public keys: it signs a short-lived JWT (private_key_jwt, SMART Backend Services)"
                />
              </Stack>
            </Radio.Group>
            {method === "keys" ? (
              <Textarea
                label="Public keys (JWK Set)"
                description="RSA or EC public keys for RS384, ES384, RS256 or ES256; never the private key."
                value={jwksText}
                onChange={(e) => setJwksText(e.currentTarget.value)}
                error={jwksError ?? fieldError(save.error, "body.jwks", true)}
                autosize
                minRows={4}
                maw={640}
                styles={{ input: { fontFamily: "monospace" } }}
              />
            ) : null}
            <Group>
              <Button
                type="submit"
                loading={save.isPending}
                disabled={name.trim() === "" || scopes.length === 0}
              >
                Register client
              </Button>
            </Group>
            <FormStatus error={save.error} done={save.isSuccess ? "Registered." : null} />
          </Stack>
        </form>
        {created && created.clientSecret === null ? (
          <Alert variant="light" color="blue" title="Registered" data-testid="new-client-keys">
            <Stack gap={6}>
              <Text size="sm">
                Client id: <Code>{created.client.id}</Code>
              </Text>
              <Text size="sm">
                Token endpoint: <Code>{tokenUrl}</Code>. The client signs a JWT with iss and sub set to its
                id, aud set to the token endpoint, a unique jti and an exp at most five minutes away, and
                sends it as client_assertion.
              </Text>
            </Stack>
          </Alert>
        ) : created ? (
          <Alert variant="light" color="clay" title="Copy the secret now" data-testid="new-client-secret">
            <Stack gap={6}>
              <Text size="sm">It is shown only this once; Remodel keeps only a hash of it.</Text>
              <Text size="sm">
                Client id: <Code>{created.client.id}</Code>
              </Text>
              <Text size="sm" style={{ wordBreak: "break-all" }}>
                Client secret: <Code data-testid="client-secret">{created.clientSecret}</Code>
              </Text>
              <Text size="sm">
                Token endpoint: <Code>{tokenUrl}</Code> (grant_type=client_credentials, HTTP Basic
                authentication)
              </Text>
            </Stack>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** The owner's register of systems allowed to use the clinic's FHIR API with OAuth tokens. */
export function ApiClientsPage() {
  const user = useStaffUser();
  const isOwner = user.role === "owner";
  const clients = useApiQuery(apiClients, isOwner ? {} : null);

  return (
    <Stack gap="lg" maw={960}>
      <title>API clients · Remodel</title>
      <Title order={1}>API clients</Title>
      <Text>
        Other systems read this clinic's records through the FHIR API with OAuth 2 client credentials and
        SMART scopes. Each client reaches this clinic only, within its scopes, and every request it makes is
        in the audit log.
      </Text>
      {!isOwner ? (
        <Alert variant="light" color="blue">
          Only an owner can see and register API clients.
        </Alert>
      ) : (
        <>
          <NewClient />
          {clients.data ? (
            clients.data.clients.length === 0 ? (
              <Text>No API clients yet.</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Client</Table.Th>
                    <Table.Th>Scopes</Table.Th>
                    <Table.Th>Use</Table.Th>
                    <Table.Th>Access</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {clients.data.clients.map((c) => (
                    <ClientRow key={c.id} client={c} timeZone={user.clinic.timeZone} />
                  ))}
                </Table.Tbody>
              </Table>
            )
          ) : clients.isError ? (
            <ErrorState
              error={clients.error}
              title="The API clients could not be loaded"
              onRetry={() => void clients.refetch()}
            />
          ) : (
            <LoadingState />
          )}
        </>
      )}
    </Stack>
  );
}
