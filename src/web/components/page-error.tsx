import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { t } from "../i18n/index.ts";

/** What a page that failed shows: after a new release an open tab may ask for code that is gone. */
export function PageError({ error, main = true }: { error: unknown; main?: boolean }) {
  const stale =
    error instanceof TypeError && /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <Container component={main ? "main" : "div"} size="sm" py={96}>
      <title>{`${t("common.somethingWrong")} · Remodel`}</title>
      <Stack align="center" ta="center" gap="md">
        <Title order={1} size="h2">
          {stale ? t("common.updated") : t("common.somethingWrong")}
        </Title>
        <Text>{stale ? t("common.reloadLatest") : t("common.pageFailed")}</Text>
        <Button onClick={() => window.location.reload()}>{t("common.reload")}</Button>
      </Stack>
    </Container>
  );
}
