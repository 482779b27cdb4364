import { Alert } from "@mantine/core";

/** What came of saving: an error is announced at once (alert), success politely (status). */
export interface OutcomeMessage {
  kind: "error" | "ok";
  text: string;
}

export function OutcomeAlert({ message }: { message: OutcomeMessage | null }) {
  if (!message) return null;
  const error = message.kind === "error";
  return (
    <Alert color={error ? "red" : "green"} role={error ? "alert" : "status"}>
      {message.text}
    </Alert>
  );
}
