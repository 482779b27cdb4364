import { Anchor, Button, Container, Group, List, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { ArrowLeftIcon, MailIcon, PhoneIcon } from "../components/icons.tsx";
import { t } from "../i18n/index.ts";
import { telHref } from "../lib/format.ts";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { PublicBooking } from "./booking/public-booking.tsx";
import { Link } from "./router.tsx";

export function BookPage() {
  const { clinic, failed } = usePublicClinic();
  const name = clinic?.name ?? "Remodel";
  return (
    <Container size="sm" py={{ base: 40, sm: 72 }}>
      <title>{t("book.page.docTitle", { name })}</title>
      <Stack gap="lg">
        <Anchor component={Link} to="/" size="sm" underline="hover">
          <Group gap={4} component="span">
            <ArrowLeftIcon size={14} /> {t("book.page.back")}
          </Group>
        </Anchor>
        <Title order={1} c="spruce.9">
          {t("book.page.title")}
        </Title>
        <PublicBooking />
        <Paper withBorder p={{ base: "lg", sm: "xl" }}>
          <Stack gap="md">
            <Title order={2} size="h3">
              {t("book.page.contact", { name })}
            </Title>
            {clinic ? (
              <Stack gap="sm">
                {clinic.phone ? (
                  <Button
                    component="a"
                    href={telHref(clinic.phone)}
                    size="lg"
                    leftSection={<PhoneIcon />}
                    w={{ base: "100%", xs: "auto" }}
                  >
                    {clinic.phone}
                  </Button>
                ) : null}
                {clinic.email ? (
                  <Group gap={6}>
                    <MailIcon size={16} />
                    <Text size="sm">
                      {clinic.phone ? t("book.page.orEmail") : t("book.page.email")}{" "}
                      <Anchor href={`mailto:${clinic.email}`}>{clinic.email}</Anchor>
                    </Text>
                  </Group>
                ) : null}
                {!clinic.phone && !clinic.email ? <Text>{t("book.page.askReception")}</Text> : null}
              </Stack>
            ) : failed ? (
              <Text>{t("book.page.contactFailed")}</Text>
            ) : (
              <Skeleton height={50} width={220} radius="md" />
            )}
            <div>
              <Text fw={600}>{t("book.page.what")}</Text>
              <List size="sm" mt="xs" spacing={4}>
                <List.Item>{t("book.page.what1")}</List.Item>
                <List.Item>{t("book.page.what2")}</List.Item>
                <List.Item>{t("book.page.what3")}</List.Item>
              </List>
            </div>
          </Stack>
        </Paper>
      </Stack>
    </Container>
  );
}
