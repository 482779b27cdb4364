import {
  Badge,
  Box,
  Button,
  Container,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from "@mantine/core";
import type { ReactNode } from "react";
import type { FactsAndPrices } from "../../contract/public-facts.ts";
import {
  ArrowRightIcon,
  CalendarIcon,
  ClockIcon,
  PhoneIcon,
  SparkIcon,
  UsersIcon,
} from "../components/icons.tsx";
import { numberSources, SourceList, SourceRefs } from "../components/sources.tsx";
import { enHome } from "../i18n/en-home.ts";
import { addEnglishMessages, type MessageKey, t } from "../i18n/index.ts";
import { telHref } from "../lib/format.ts";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { usePublicFacts } from "./prices/use-facts.ts";
import { Link } from "./router.tsx";

// This page's English messages come with its code.
addEnglishMessages(enHome);

const CONCERNS = ["acne", "lines", "texture", "striae", "sun", "tone"] as const;
const HEALING = ["inflammation", "proliferation", "remodeling"] as const;

/** The figures the home page quotes, from the clinic's protocol once loaded. */
function useHomeFigures(): {
  values: Record<string, string | number>;
  source: string[];
  data: FactsAndPrices | null;
} {
  const { data } = usePublicFacts();
  const f = data?.facts;
  const g = f?.series.general;
  const values = {
    nmin: f?.needlingMinutes?.value.min ?? "…",
    nmax: f?.needlingMinutes?.value.max ?? "…",
    amin: f?.numbingMinutes?.value.min ?? "…",
    amax: f?.numbingMinutes?.value.max ?? "…",
    min: g?.value.sessions.min ?? "…",
    max: g?.value.sessions.max ?? "…",
    wmin: g?.value.intervalWeeks.min ?? "…",
    wmax: g?.value.intervalWeeks.max ?? "…",
    redness: f?.aftercareHours.value.redness ?? "…",
    rednessUpTo: f?.aftercareHours.value.rednessUpTo ?? "…",
  };
  const source = [
    ...(f?.needlingMinutes?.source ?? []),
    ...(f?.numbingMinutes?.source ?? []),
    ...(g?.source ?? []),
    ...(f?.aftercareHours.source ?? []),
    ...(f?.resultsDays.source ?? []),
    ...(f?.contraindications.source ?? []),
    ...(f?.darkerSkinCaution.source ?? []),
  ];
  return { values, source, data };
}

export function HomePage() {
  const { clinic } = usePublicClinic();
  const name = clinic?.name ?? "Remodel";
  const { values, source, data } = useHomeFigures();
  const numbers = numberSources([source]);
  const citations = new Map((data?.facts.citations ?? []).map((c) => [c.id, c.citation]));
  return (
    <>
      <title>{t("home.title", { clinic: name })}</title>
      <Box className="hero" py={{ base: 48, sm: 88 }}>
        <Container size="lg">
          <Grid gap={48} align="center">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack gap="lg">
                <Badge variant="light" color="spruce" size="lg" radius="sm" w="fit-content">
                  {t("home.badge")}
                </Badge>
                <Title order={1} fz={{ base: 34, sm: 48 }} lh={1.1} c="spruce.9">
                  {t("home.heading")}
                </Title>
                <Text size="lg" maw={560}>
                  {t("home.lead")}
                </Text>
                <Group gap="sm">
                  <Button component={Link} to="/book" size="lg" rightSection={<ArrowRightIcon />}>
                    {t("common.book")}
                  </Button>
                  <Button component="a" href="#course" size="lg" variant="default">
                    {t("home.howCourse")}
                  </Button>
                </Group>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder shadow="md" p="xl">
                <Stack gap="md">
                  <Text fw={700} c="spruce.9">
                    {t("home.glance")}
                  </Text>
                  <Fact icon={<ClockIcon />} label={t("home.glance.session")}>
                    {t("home.glance.sessionText", values)}
                  </Fact>
                  <Fact icon={<CalendarIcon />} label={t("home.glance.course")}>
                    {t("home.glance.courseText", values)}
                  </Fact>
                  <Fact icon={<SparkIcon />} label={t("home.glance.downtime")}>
                    {t("home.glance.downtimeText", values)}
                  </Fact>
                  <Fact icon={<UsersIcon />} label={t("home.glance.who")}>
                    {t("home.glance.whoText")}
                  </Fact>
                  <SourceRefs ids={source} numbers={numbers} />
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>
        </Container>
      </Box>

      <Container size="lg" py={{ base: 48, sm: 72 }} component="section" aria-labelledby="what">
        <Grid gap={48}>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Title order={2} id="what" c="spruce.9">
              {t("home.what.title")}
            </Title>
            <Text mt="md">{t("home.what.text")}</Text>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              {HEALING.map((phase, index) => (
                <Paper key={phase} withBorder p="lg">
                  <Text size="sm" c="clay.8" fw={700}>
                    {index + 1}. {t(`home.healing.${phase}.when` as MessageKey)}
                  </Text>
                  <Title order={3} size="h4" mt={4}>
                    {t(`home.healing.${phase}` as MessageKey)}
                  </Title>
                  <Text size="sm" mt="xs">
                    {t(`home.healing.${phase}.text` as MessageKey)}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
          </Grid.Col>
        </Grid>
      </Container>

      <Box bg="spruce.0" py={{ base: 48, sm: 72 }} component="section" aria-labelledby="suits">
        <Container size="lg">
          <Title order={2} id="suits" c="spruce.9">
            {t("home.suits.title")}
          </Title>
          <Text mt="md" maw={720}>
            {t("home.suits.text")}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" mt="xl">
            {CONCERNS.map((concern) => (
              <Paper key={concern} p="lg" withBorder>
                <Title order={3} size="h5">
                  {t(`home.concern.${concern}` as MessageKey)}
                </Title>
                <Text size="sm" mt={6}>
                  {t(`home.concern.${concern}.text` as MessageKey)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Paper p="lg" mt="xl" withBorder style={{ borderLeft: "4px solid var(--mantine-color-clay-6)" }}>
            <Title order={3} size="h5">
              {t("home.wait.title")}
            </Title>
            <Text size="sm" mt={6}>
              {t("home.wait.postpone")}
            </Text>
            <Text size="sm" mt={6}>
              {t("home.wait.decline")}
            </Text>
            <Text size="sm" mt={6} fw={700}>
              {t("home.wait.bloodThinner")}
            </Text>
            <Text size="sm" mt={6}>
              {t("home.wait.consult")} <Link to="/faq">{t("nav.faq")}</Link>
            </Text>
          </Paper>
        </Container>
      </Box>

      <Container
        size="lg"
        py={{ base: 48, sm: 72 }}
        component="section"
        aria-labelledby="course-title"
        id="course"
      >
        <Grid gap={48}>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Title order={2} id="course-title" c="spruce.9">
              {t("home.course.title")}
            </Title>
            <Text mt="md">{t("home.course.text", values)}</Text>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Timeline active={-1} bulletSize={28} lineWidth={2} color="spruce">
              <Timeline.Item
                bullet={<Text size="xs">1</Text>}
                title={<CourseTitle>{t("home.course.consultation")}</CourseTitle>}
              >
                <Text size="sm">{t("home.course.consultation.text")}</Text>
              </Timeline.Item>
              <Timeline.Item
                bullet={<Text size="xs">2</Text>}
                title={<CourseTitle>{t("home.course.preparation")}</CourseTitle>}
              >
                <Text size="sm">{t("home.course.preparation.text")}</Text>
              </Timeline.Item>
              <Timeline.Item
                bullet={<Text size="xs">3</Text>}
                title={<CourseTitle>{t("home.course.sessions")}</CourseTitle>}
              >
                <Text size="sm">{t("home.course.sessions.text", values)}</Text>
              </Timeline.Item>
              <Timeline.Item
                bullet={<Text size="xs">4</Text>}
                title={<CourseTitle>{t("home.course.aftercare")}</CourseTitle>}
              >
                <Text size="sm">{t("home.course.aftercare.text")}</Text>
              </Timeline.Item>
              <Timeline.Item
                bullet={<Text size="xs">5</Text>}
                title={<CourseTitle>{t("home.course.results")}</CourseTitle>}
              >
                <Text size="sm">{t("home.course.results.text")}</Text>
              </Timeline.Item>
            </Timeline>
            <SourceRefs ids={source} numbers={numbers} />
            <Box mt="sm">
              <SourceList numbers={numbers} citations={citations} />
            </Box>
          </Grid.Col>
        </Grid>
      </Container>

      <Box bg="spruce.8" c="white" py={{ base: 40, sm: 56 }} component="section" aria-labelledby="start">
        <Container size="lg">
          <Group justify="space-between" gap="lg">
            <div>
              <Title order={2} id="start" c="white">
                {t("home.start.title")}
              </Title>
              <Text mt="xs" c="spruce.0">
                {t("home.start.text")}
              </Text>
            </div>
            <Group gap="sm">
              <Button component={Link} to="/book" size="lg" variant="white" color="spruce">
                {t("common.book")}
              </Button>
              {clinic?.phone ? (
                <Button
                  component="a"
                  href={telHref(clinic.phone)}
                  size="lg"
                  variant="outline"
                  color="white"
                  leftSection={<PhoneIcon />}
                  c="white"
                >
                  {clinic.phone}
                </Button>
              ) : null}
            </Group>
          </Group>
        </Container>
      </Box>
    </>
  );
}

function CourseTitle({ children }: { children: string }) {
  return (
    <Title order={3} size="h5">
      {children}
    </Title>
  );
}

function Fact({ icon, label, children }: { icon: ReactNode; label: string; children: string }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon variant="light" color="spruce" size={36} radius="md" aria-hidden="true">
        {icon}
      </ThemeIcon>
      <div>
        <Text size="sm" fw={700}>
          {label}
        </Text>
        <Text size="sm">{children}</Text>
      </div>
    </Group>
  );
}
