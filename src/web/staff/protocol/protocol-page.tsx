import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  Paper,
  Radio,
  Spoiler,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import {
  protocol,
  protocolVersions,
  type RescreenResult,
  rescreenPatients,
  saveProtocolChoices,
} from "../../../contract/protocol.ts";
import { call, errorMessage, submit } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatDate } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { type ChoiceForm, choicesFromForm, describeChoices, formFromChoices } from "./choices.ts";
import { rescreenEveryPatient, rescreenQuery } from "./rescreen-pages.ts";

function Sources({ ids }: { ids: string[] }) {
  if (ids.length === 0) return null;
  return (
    <Text span size="xs" c="dimmed">
      Sources:{" "}
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 ? ", " : ""}
          <Anchor href={`#source-${id}`} size="xs">
            {id}
          </Anchor>
        </span>
      ))}
    </Text>
  );
}

export function ProtocolSettingsPage() {
  const user = useStaffUser();
  const overview = useApiQuery(protocol);
  const history = useApiQuery(protocolVersions, { query: { limit: 20 } });
  const isOwner = user.role === "owner";
  const [form, setForm] = useState<ChoiceForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [rescreen, setRescreen] = useState<RescreenResult | null>(null);
  const [rescreening, setRescreening] = useState(false);

  const data = overview.data;
  useEffect(() => {
    if (data) setForm(formFromChoices(data));
  }, [data]);

  if (overview.status === "error" && !data) {
    return (
      <Stack gap="lg" maw={1000}>
        <title>{`Protocol · ${user.clinic.name}`}</title>
        <Title order={1} size="h2">
          Protocol
        </Title>
        <ErrorState error={overview.error} title="Could not load the protocol" onRetry={overview.refetch} />
      </Stack>
    );
  }
  if (!data || !form) return <LoadingState label="Loading protocol…" />;

  async function save() {
    if (!data || !form) return;
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    try {
      const result = await submit(saveProtocolChoices, { body: choicesFromForm(form, data) });
      setSaved(result.changed ? `Saved. New protocol version ${result.version}.` : "Saved. Nothing changed.");
      void overview.refetch();
      void history.refetch();
    } catch (error) {
      setSaveError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  async function runRescreen() {
    setRescreening(true);
    setSaveError(null);
    try {
      // Page by page until the server says there is no next one: every patient, not the first 200.
      setRescreen(
        await rescreenEveryPatient(
          (after) => call(rescreenPatients, { query: rescreenQuery(after), body: {} }),
          setRescreen,
        ),
      );
    } catch (error) {
      setSaveError(errorMessage(error));
    } finally {
      setRescreening(false);
    }
  }

  const { catalogue, current } = data;
  const timeZone = user.clinic.timeZone;

  return (
    <Stack gap="lg" maw={1000}>
      <title>{`Protocol · ${user.clinic.name}`}</title>
      <div>
        <Title order={1} size="h2">
          Protocol
        </Title>
        <Text c="dimmed" size="sm">
          The rules every screening follows. Each saved change makes a new version; earlier decisions keep the
          version that made them.
        </Text>
      </div>

      <Paper withBorder p="lg" component="section" aria-labelledby="current-title">
        <Title order={2} size="h4" id="current-title" mb="xs">
          Current version
        </Title>
        <Group gap="sm">
          <Code data-testid="current-version">{current.version}</Code>
          {current.isDefault ? (
            <Badge variant="light" color="spruce">
              Shipped default
            </Badge>
          ) : (
            <Badge variant="light" color="clay">
              Clinic choices
            </Badge>
          )}
        </Group>
        {current.since ? (
          <Text size="sm" c="dimmed" mt="xs">
            In use since {formatDate(current.since, timeZone)}
          </Text>
        ) : null}
        {!isOwner ? (
          <Alert mt="md" variant="light" color="gray" title="Read only">
            Only an owner can change the clinic's protocol.
          </Alert>
        ) : null}
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="rules-title">
        <Title order={2} size="h4" id="rules-title" mb="xs">
          Rules with literature alternatives
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Remodel follows the source articles by default. Where the literature records a different practice,
          you may choose it; read the evidence first.
        </Text>
        <Stack gap="xl">
          {catalogue.rules.map((rule) => (
            <Radio.Group
              key={rule.ruleId}
              name={rule.ruleId}
              label={rule.label}
              description={<Sources ids={rule.sources} />}
              value={form.rules[rule.ruleId] ?? "default"}
              onChange={(value) => setForm({ ...form, rules: { ...form.rules, [rule.ruleId]: value } })}
              readOnly={!isOwner}
            >
              <Stack gap="xs" mt="xs">
                {[rule.default, ...rule.alternatives].map((option) => (
                  <Radio
                    key={option.id}
                    value={option.id}
                    disabled={!isOwner}
                    label={option.id === "default" ? `${option.summary} (default)` : option.summary}
                    description={
                      <>
                        {option.note ? `${option.note}. ` : null}
                        <Sources ids={option.id === "default" ? [] : option.sources} />
                      </>
                    }
                  />
                ))}
                {rule.evidence ? (
                  <Spoiler maxHeight={0} showLabel="Show the evidence" hideLabel="Hide the evidence">
                    <Text size="sm" c="dimmed">
                      {rule.evidence}
                    </Text>
                  </Spoiler>
                ) : null}
                <Text size="xs" c="dimmed">
                  Rule {rule.ruleId}
                </Text>
              </Stack>
            </Radio.Group>
          ))}
        </Stack>
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="depth-title">
        <Title order={2} size="h4" id="depth-title" mb="md">
          Needle depth cap
        </Title>
        <Radio.Group
          name="depthCapMode"
          label="The deepest any plan may go, whatever the zone"
          value={form.depthCapMode}
          onChange={(value) => setForm({ ...form, depthCapMode: value })}
          readOnly={!isOwner}
        >
          <Stack gap="xs" mt="xs">
            {catalogue.depthCapModes.map((mode) => (
              <Radio
                key={mode.id}
                value={mode.id}
                disabled={!isOwner}
                label={`${mode.id}: up to ${mode.globalMaxMm} mm${mode.isRulesetDefault ? " (default)" : ""}`}
                description={mode.source ?? undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="series-title">
        <Title order={2} size="h4" id="series-title" mb="md">
          Series alternatives
        </Title>
        <Stack gap="sm">
          {catalogue.seriesAlternatives.map((alt) => {
            const a = alt.alternative;
            const what = [
              a.sessions ? `${a.sessions.min}–${a.sessions.max} sessions` : null,
              a.intervalWeeks ? `every ${a.intervalWeeks.min}–${a.intervalWeeks.max} weeks` : null,
            ]
              .filter(Boolean)
              .join(", ");
            return (
              <Checkbox
                key={alt.indication}
                disabled={!isOwner}
                checked={form.seriesAlternatives.includes(alt.indication)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  const rest = form.seriesAlternatives.filter((i) => i !== alt.indication);
                  setForm({ ...form, seriesAlternatives: on ? [...rest, alt.indication] : rest });
                }}
                label={`${alt.indicationLabel}: ${what}`}
                description={`Default ${alt.default.sessions.min}–${alt.default.sessions.max} sessions every ${alt.default.intervalWeeks.min}–${alt.default.intervalWeeks.max} weeks. ${alt.source ?? ""}`}
              />
            );
          })}
        </Stack>
      </Paper>

      {isOwner ? (
        <Stack gap="sm">
          <Group>
            <Button onClick={save} loading={saving}>
              Save as a new version
            </Button>
            <Button variant="default" onClick={runRescreen} loading={rescreening}>
              Re-screen patients under the current version
            </Button>
          </Group>
          {saved ? (
            <Alert variant="light" color="green" role="status">
              {saved}
            </Alert>
          ) : null}
          {saveError ? (
            <Alert variant="light" color="red" role="alert" title="Not saved">
              {saveError}
            </Alert>
          ) : null}
          {rescreen ? (
            <Alert variant="light" color="blue" role="status" title="Re-screening">
              {rescreen.rescreened} re-screened, {rescreen.changes.length} changed, {rescreen.alreadyCurrent}{" "}
              already current, {rescreen.failed.length} could not be re-run.
              {rescreen.changes.length > 0 ? (
                <List size="sm" mt="xs">
                  {rescreen.changes.map((c) => (
                    <List.Item key={c.patientId}>
                      <Anchor href={`/app/patients/${c.patientId}`}>Patient</Anchor>: {c.from.outcome} →{" "}
                      {c.to.outcome}
                      {c.to.deferUntil ? ` until ${c.to.deferUntil}` : ""}
                    </List.Item>
                  ))}
                </List>
              ) : null}
            </Alert>
          ) : null}
        </Stack>
      ) : null}

      <Paper withBorder p="lg" component="section" aria-labelledby="history-title">
        <Title order={2} size="h4" id="history-title" mb="md">
          Version history
        </Title>
        {history.data && history.data.versions.length > 0 ? (
          <Table.ScrollContainer minWidth={600}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Chosen</Table.Th>
                  <Table.Th>By</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Choices</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.data.versions.map((v) => (
                  <Table.Tr key={`${v.selectedAt}-${v.version}`}>
                    <Table.Td>{formatDate(v.selectedAt, timeZone)}</Table.Td>
                    <Table.Td>{v.selectedBy.name ?? "—"}</Table.Td>
                    <Table.Td>
                      <Code>{v.version}</Code>
                    </Table.Td>
                    <Table.Td>{describeChoices(v.choices).join("; ") || "Shipped default"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <Text size="sm" c="dimmed">
            No choices made yet: the clinic uses the shipped default ({data.defaultVersion}).
          </Text>
        )}
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="sources-title">
        <Title order={2} size="h4" id="sources-title" mb="md">
          Sources
        </Title>
        <List size="sm" spacing="xs">
          {catalogue.sources.map((s) => (
            <List.Item key={s.id} id={`source-${s.id}`}>
              <Text span fw={600} size="sm">
                {s.id}
              </Text>
              : {s.citation}{" "}
              {s.url ? (
                <Anchor href={s.url} target="_blank" rel="noreferrer" size="sm">
                  link
                </Anchor>
              ) : null}
            </List.Item>
          ))}
        </List>
      </Paper>
    </Stack>
  );
}
