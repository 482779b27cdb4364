import { Container, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { t, tCount } from "../../i18n/index.ts";
import { useMoney } from "../../lib/use-clinic.ts";
import { usePublicFacts } from "./use-facts.ts";

export function PricesPage() {
  const money = useMoney();
  const { data, failed } = usePublicFacts();
  const series = data?.facts.series.general?.value;
  return (
    <Container size="sm" py={{ base: 32, sm: 64 }}>
      <title>{t("prices.title")}</title>
      <Stack gap="lg">
        <Title order={1} c="spruce.9">
          {t("prices.title")}
        </Title>
        {failed ? <Text role="alert">{t("common.loadFailed")}</Text> : null}
        {!data && !failed ? <Skeleton height={120} /> : null}
        {data ? (
          <>
            <Text>{t("prices.intro", { clinic: data.clinic.name })}</Text>
            {data.prices.length === 0 ? <Text>{t("prices.none")}</Text> : null}
            <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {data.prices.map((p) => (
                <Paper component="li" key={p.id} withBorder p="md">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={700}>{p.name}</Text>
                      <Text size="sm" c="dimmed">
                        {t(`prices.kind.${p.kind as "consultation" | "microneedling" | "review"}`)} ·{" "}
                        {tCount("prices.minutes", p.minutes)}
                      </Text>
                      {p.description ? <Text size="sm">{p.description}</Text> : null}
                    </div>
                    <Text fw={700} size="lg" data-testid="price">
                      {p.priceCents === 0 ? t("prices.free") : money(p.priceCents)}
                    </Text>
                  </Group>
                </Paper>
              ))}
            </Stack>
            {series ? (
              <Text size="sm">
                {t("prices.course", { min: series.sessions.min, max: series.sessions.max })}
              </Text>
            ) : null}
          </>
        ) : null}
      </Stack>
    </Container>
  );
}
