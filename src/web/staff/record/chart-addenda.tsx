/** The dated notes added to a signed chart, and a form to add one. */
import { Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { addAddendum, type ChartAnswer, sessionChart } from "../../../contract/charts.ts";
import { call, errorMessage } from "../../api/client.ts";
import { OutcomeAlert, type OutcomeMessage } from "../../components/outcome-message.tsx";
import { formatDate } from "../../lib/format.ts";
import { useApiMutation } from "../../lib/query.ts";

export function Addenda({
  response,
  timeZone,
  onAdded,
}: {
  response: ChartAnswer;
  timeZone: string;
  onAdded: (r: ChartAnswer) => void;
}) {
  const [text, setText] = useState("");
  const [message, setMessage] = useState<OutcomeMessage | null>(null);
  const params = { id: response.chart.id };
  // The chart is read again after the addendum: it comes back with every addendum, dated.
  const adding = useApiMutation(
    async (body: { text: string }) => {
      await call(addAddendum, { params, body });
      return call(sessionChart, { params });
    },
    {
      onSuccess: (fresh) => {
        setText("");
        setMessage({ kind: "ok", text: "Addendum added." });
        onAdded(fresh);
      },
      onError: (caught) => setMessage({ kind: "error", text: errorMessage(caught) }),
    },
  );
  const busy = adding.isPending;

  function add() {
    setMessage(null);
    adding.mutate({ text });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="addenda-title">
      <Title order={2} size="h3" mb="sm" id="addenda-title">
        Addenda
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Signed {response.chart.signedAt ? formatDate(response.chart.signedAt, timeZone) : ""}: the chart is
        locked. Corrections and later notes are added as dated addenda.
      </Text>
      <Stack gap="sm">
        {response.addenda.length === 0 ? <Text size="sm">No addendum yet.</Text> : null}
        {response.addenda.map((a) => (
          <Paper key={a.id} withBorder p="sm" data-testid="addendum">
            <Text size="xs" c="dimmed">
              {formatDate(a.createdAt, timeZone)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {a.text}
            </Text>
          </Paper>
        ))}
        <Textarea
          label="New addendum"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <OutcomeAlert message={message} />
        <Group>
          <Button variant="default" onClick={add} loading={busy} disabled={text.trim() === ""}>
            Add addendum
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
