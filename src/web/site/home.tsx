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
import {
  ArrowRightIcon,
  CalendarIcon,
  ClockIcon,
  PhoneIcon,
  SparkIcon,
  UsersIcon,
} from "../components/icons.tsx";
import { telHref } from "../lib/format.ts";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { Link } from "./router.tsx";

const CONCERNS = [
  { title: "Acne scars", text: "Rolling and boxcar scars soften as new collagen fills them from below." },
  { title: "Fine lines and wrinkles", text: "Firmer, thicker skin around the eyes, mouth and forehead." },
  { title: "Pores and texture", text: "A smoother surface and a more even tone." },
  { title: "Stretch marks", text: "Older, silvery marks on the body blend towards the skin around them." },
  { title: "Sun damage", text: "Dull, uneven, sun-worn skin regains some of its clarity." },
  { title: "Every skin tone", text: "No heat or light is used, so the risk of pigment change stays low." },
];

const HEALING = [
  {
    phase: "Inflammation",
    when: "First days",
    text: "Platelets gather at each micro-channel and release growth factors.",
  },
  { phase: "Proliferation", when: "Weeks 1–6", text: "Fibroblasts lay down fresh collagen and elastin." },
  { phase: "Remodelling", when: "Up to 6 months", text: "The new collagen matures and the skin firms up." },
];

export function HomePage() {
  const { clinic } = usePublicClinic();
  const name = clinic?.name ?? "Remodel";
  return (
    <>
      <title>{`${name} · Microneedling and collagen induction therapy`}</title>
      <Box className="hero" py={{ base: 48, sm: 88 }}>
        <Container size="lg">
          <Grid gap={48} align="center">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack gap="lg">
                <Badge variant="light" color="spruce" size="lg" radius="sm" w="fit-content">
                  Collagen induction therapy
                </Badge>
                <Title order={1} fz={{ base: 34, sm: 48 }} lh={1.1} c="spruce.9">
                  Smoother, firmer skin, made by your own collagen
                </Title>
                <Text size="lg" maw={560}>
                  Microneedling uses fine, sterile needles to make thousands of tiny channels in the skin.
                  Your skin repairs them by building new collagen and elastin, and that repair is what softens
                  scars, lines and uneven texture, gradually and naturally.
                </Text>
                <Group gap="sm">
                  <Button component={Link} to="/book" size="lg" rightSection={<ArrowRightIcon />}>
                    Book a consultation
                  </Button>
                  <Button component="a" href="#course" size="lg" variant="default">
                    How a course works
                  </Button>
                </Group>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder shadow="md" p="xl">
                <Stack gap="md">
                  <Text fw={700} c="spruce.9">
                    At a glance
                  </Text>
                  <Fact icon={<ClockIcon />} label="Session">
                    30–60 minutes, after numbing cream
                  </Fact>
                  <Fact icon={<CalendarIcon />} label="Course">
                    Usually 3–6 sessions, 4–6 weeks apart
                  </Fact>
                  <Fact icon={<SparkIcon />} label="Downtime">
                    Redness like mild sunburn for 1–3 days
                  </Fact>
                  <Fact icon={<UsersIcon />} label="Who treats you">
                    Physicians, nurses and licensed aestheticians
                  </Fact>
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
              What microneedling is
            </Title>
            <Text mt="md">
              A pen-like device glides over the skin, making controlled micro-injuries at a depth your
              clinician chooses: shallow for brightness and fine lines, deeper for scars. The surface of the
              skin stays intact, so healing is quick, while the repair it sets off keeps working for months.
            </Text>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              {HEALING.map((step, index) => (
                <Paper key={step.phase} withBorder p="lg">
                  <Text size="sm" c="clay.8" fw={700}>
                    {index + 1}. {step.when}
                  </Text>
                  <Title order={3} size="h4" mt={4}>
                    {step.phase}
                  </Title>
                  <Text size="sm" mt="xs">
                    {step.text}
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
            Who it suits
          </Title>
          <Text mt="md" maw={720}>
            Adults who want gradual, natural-looking improvement in their skin's texture and firmness. It
            works on the face, neck, chest, hands and body.
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" mt="xl">
            {CONCERNS.map((concern) => (
              <Paper key={concern.title} p="lg" withBorder>
                <Title order={3} size="h5">
                  {concern.title}
                </Title>
                <Text size="sm" mt={6}>
                  {concern.text}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Paper p="lg" mt="xl" withBorder style={{ borderLeft: "4px solid var(--mantine-color-clay-6)" }}>
            <Title order={3} size="h5">
              When we may ask you to wait
            </Title>
            <Text size="sm" mt={6}>
              Active acne, eczema, psoriasis or an infection such as a cold sore in the area; isotretinoin in
              the last six months; pregnancy; or a tendency to raised scars. Your clinician goes through your
              medical history at the consultation, so you never have to decide this alone.
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
              What a course looks like
            </Title>
            <Text mt="md">
              Collagen takes time to build, so microneedling is planned as a series. Each session is booked
              4–6 weeks after the last, giving your skin a full cycle of repair in between.
            </Text>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Timeline active={-1} bulletSize={28} lineWidth={2} color="spruce">
              <Timeline.Item
                bullet={<Text size="xs">1</Text>}
                title={<CourseTitle>Consultation</CourseTitle>}
              >
                <Text size="sm">
                  A free visit: we look at your skin, go through your health and medicines, and agree a plan.
                </Text>
              </Timeline.Item>
              <Timeline.Item bullet={<Text size="xs">2</Text>} title={<CourseTitle>Preparation</CourseTitle>}>
                <Text size="sm">
                  A dated checklist for the days before, such as pausing retinoids and exfoliating acids for a
                  week.
                </Text>
              </Timeline.Item>
              <Timeline.Item
                bullet={<Text size="xs">3</Text>}
                title={<CourseTitle>Treatment sessions</CourseTitle>}
              >
                <Text size="sm">
                  Usually 3–6 sessions, 4–6 weeks apart. Numbing cream first, then 30–60 minutes of treatment
                  and a soothing serum.
                </Text>
              </Timeline.Item>
              <Timeline.Item bullet={<Text size="xs">4</Text>} title={<CourseTitle>Aftercare</CourseTitle>}>
                <Text size="sm">
                  Redness and tightness settle in a few days. Gentle skincare, no make-up for a day, daily
                  sunscreen.
                </Text>
              </Timeline.Item>
              <Timeline.Item bullet={<Text size="xs">5</Text>} title={<CourseTitle>Results</CourseTitle>}>
                <Text size="sm">
                  A glow within weeks; firmer skin and softer scars over three to six months. A maintenance
                  session once or twice a year keeps them.
                </Text>
              </Timeline.Item>
            </Timeline>
          </Grid.Col>
        </Grid>
      </Container>

      <Box bg="spruce.8" c="white" py={{ base: 40, sm: 56 }} component="section" aria-labelledby="start">
        <Container size="lg">
          <Group justify="space-between" gap="lg">
            <div>
              <Title order={2} id="start" c="white">
                Start with a conversation
              </Title>
              <Text mt="xs" c="spruce.0">
                Consultations are free and there is no obligation to go ahead.
              </Text>
            </div>
            <Group gap="sm">
              <Button component={Link} to="/book" size="lg" variant="white" color="spruce">
                Book a consultation
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
