import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { t } from "../i18n/index.ts";
import { Link } from "./router.tsx";

export function NotFoundPage() {
  return (
    <Container component="main" size="sm" py={96}>
      <title>{`${t("notFound.title")} · Remodel`}</title>
      <Stack align="center" gap="md" ta="center">
        <Text fw={700} c="clay.8">
          404
        </Text>
        <Title order={1}>{t("notFound.heading")}</Title>
        <Text>{t("notFound.text")}</Text>
        <Button component={Link} to="/">
          {t("notFound.home")}
        </Button>
      </Stack>
    </Container>
  );
}
