import { Alert, Button, EmptyState, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { errorMessage } from "../api/client.ts";
import { AlertIcon } from "./icons.tsx";

// In its own module, so the public site's first download carries it without the other states.
export { LoadingState } from "./loading-state.tsx";

export function ErrorState({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
}) {
  return (
    <Alert variant="light" color="red" title={title} icon={<AlertIcon />} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="white" color="red.9" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function Empty({
  icon,
  title,
  description,
  children,
}: {
  icon: ReactNode;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <EmptyState py="xl" icon={icon} title={title} description={description} color="spruce" variant="light">
      {children}
    </EmptyState>
  );
}
