import { Alert, Text } from "@mantine/core";
import { formMessage } from "./form-errors.ts";

/** The outcome of a form's last save, announced to screen readers. */
export function FormStatus({ error, done }: { error: unknown; done: string | null }) {
  const message = formMessage(error);
  if (message) {
    return (
      <Alert color="red" variant="light" role="alert">
        {message}
      </Alert>
    );
  }
  return (
    <Text size="sm" c="teal.9" role="status" aria-live="polite">
      {done ?? ""}
    </Text>
  );
}
