import { Button, Container, Stack, Text, Title } from "@mantine/core";

/** What a page that failed shows: after a new release an open tab may ask for code that is gone. */
export function PageError({ error, main = true }: { error: unknown; main?: boolean }) {
  const stale =
    error instanceof TypeError && /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <Container component={main ? "main" : "div"} size="sm" py={96}>
      <title>Something went wrong · Remodel</title>
      <Stack align="center" ta="center" gap="md">
        <Title order={1} size="h2">
          {stale ? "Remodel has been updated" : "Something went wrong"}
        </Title>
        <Text>
          {stale
            ? "Reload the page to get the latest version."
            : "This page could not be shown. Reloading usually helps; if not, please tell the clinic."}
        </Text>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </Stack>
    </Container>
  );
}
