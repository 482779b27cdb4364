import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { Link } from "./router.tsx";

export function NotFoundPage() {
  return (
    <Container component="main" size="sm" py={96}>
      <title>Page not found · Remodel</title>
      <Stack align="center" gap="md" ta="center">
        <Text fw={700} c="clay.8">
          404
        </Text>
        <Title order={1}>This page does not exist</Title>
        <Text>The link may be old, or the address mistyped.</Text>
        <Button component={Link} to="/">
          Go to the home page
        </Button>
      </Stack>
    </Container>
  );
}
