import { Button, Container, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { numberSources, SourceList, SourceRefs } from "../../components/sources.tsx";
import { enCompare } from "../../i18n/en-compare.ts";
import { addEnglishMessages, type MessageKey, t } from "../../i18n/index.ts";
import { usePublicFacts } from "../prices/use-facts.ts";
import { Link } from "../router.tsx";

// This page's English messages come with its code.
addEnglishMessages(enCompare);

const TREATMENTS = ["microneedling", "peel", "laser", "dermaplaning", "microdermabrasion", "roller"] as const;
const ROWS = ["depth", "mechanism", "downtime", "sessions", "suits", "skinTone", "cost"] as const;

// Phones get one card per treatment (a seven-column table would scroll sideways at 375 px).
export function ComparePage() {
  const { data, failed } = usePublicFacts();
  const f = data?.facts;
  const g = f?.series.general?.value;
  const values: Record<string, string | number> = {
    scars: f?.depthMm.value.scars ?? "?",
    fineLines: f?.depthMm.value.fineLines ?? "?",
    homeUse: f?.depthMm.value.homeUse ?? "?",
    redness: f?.aftercareHours.value.redness ?? "?",
    downtime: f?.aftercareHours.value.downtime ?? "?",
    min: g?.sessions.min ?? "?",
    max: g?.sessions.max ?? "?",
    wmin: g?.intervalWeeks.min ?? "?",
    wmax: g?.intervalWeeks.max ?? "?",
  };
  // Figures quoted for microneedling and the caveats on rollers carry the protocol's sources; the
  // other treatments are described in general terms only.
  const sources: Partial<Record<(typeof TREATMENTS)[number], string[]>> = f
    ? {
        microneedling: [
          ...f.depthMm.source,
          ...f.aftercareHours.source,
          ...(f.series.general?.source ?? []),
          ...f.darkerSkinCaution.source,
        ],
        roller: [...f.homeUse.source, ...f.granuloma.source],
      }
    : {};
  const numbers = numberSources(Object.values(sources));
  const citations = new Map((f?.citations ?? []).map((c) => [c.id, c.citation]));
  return (
    <Container size="lg" py={{ base: 32, sm: 64 }}>
      <title>{t("compare.title")}</title>
      <Stack gap="lg">
        <Title order={1} c="spruce.9">
          {t("compare.title")}
        </Title>
        <Text maw={720}>{t("compare.intro")}</Text>
        {failed ? <Text role="alert">{t("common.loadFailed")}</Text> : null}
        {!data && !failed ? <Skeleton height={300} /> : null}
        {data ? (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {TREATMENTS.map((id) => (
              <Paper
                key={id}
                withBorder
                p="md"
                component="section"
                aria-labelledby={`compare-${id}`}
                bg={id === "microneedling" ? "spruce.0" : undefined}
              >
                <Title order={2} size="h4" id={`compare-${id}`} mb="xs">
                  {t(`compare.${id}.name` as MessageKey)}
                </Title>
                <dl style={{ margin: 0 }}>
                  {ROWS.map((row) => (
                    <div key={row} style={{ marginBottom: 8 }}>
                      <Text component="dt" size="sm" fw={700}>
                        {t(`compare.row.${row}` as MessageKey)}
                      </Text>
                      <Text component="dd" size="sm" m={0}>
                        {t(`compare.${id}.${row}` as MessageKey, values)}
                      </Text>
                    </div>
                  ))}
                </dl>
                <SourceRefs ids={sources[id] ?? []} numbers={numbers} />
              </Paper>
            ))}
          </SimpleGrid>
        ) : null}
        <Text size="sm">{t("compare.note")}</Text>
        <SourceList numbers={numbers} citations={citations} />
        <Button component={Link} to="/self-check" w="fit-content">
          {t("faq.selfCheckLink")}
        </Button>
      </Stack>
    </Container>
  );
}
