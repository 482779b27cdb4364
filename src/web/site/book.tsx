import { Anchor, Button, Container, Group, List, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { ArrowLeftIcon, MailIcon, PhoneIcon } from "../components/icons.tsx";
import { telHref } from "../lib/format.ts";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { PublicBooking } from "./booking/public-booking.tsx";
import { Link } from "./router.tsx";

export function BookPage() {
  const { clinic, failed } = usePublicClinic();
  const name = clinic?.name ?? "Remodel";
  return (
    <Container size="sm" py={{ base: 40, sm: 72 }}>
      <title>{`Book a consultation · ${name}`}</title>
      <Stack gap="lg">
        <Anchor component={Link} to="/" size="sm" underline="hover">
          <Group gap={4} component="span">
            <ArrowLeftIcon size={14} /> Back to the home page
          </Group>
        </Anchor>
        <Title order={1} c="spruce.9">
          Book a consultation
        </Title>
        <PublicBooking />
        <Paper withBorder p={{ base: "lg", sm: "xl" }}>
          <Stack gap="md">
            <Title order={2} size="h3">
              Contact {name}
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
                      {clinic.phone ? "or email " : "Email "}
                      <Anchor href={`mailto:${clinic.email}`}>{clinic.email}</Anchor>
                    </Text>
                  </Group>
                ) : null}
                {!clinic.phone && !clinic.email ? <Text>Please ask at the clinic's reception.</Text> : null}
              </Stack>
            ) : failed ? (
              <Text>The clinic's contact details could not be loaded. Please try again in a moment.</Text>
            ) : (
              <Skeleton height={50} width={220} radius="md" />
            )}
            <div>
              <Text fw={600}>What happens at a consultation</Text>
              <List size="sm" mt="xs" spacing={4}>
                <List.Item>We look at your skin and talk through what you would like to change.</List.Item>
                <List.Item>We go through your health, medicines and any recent treatments.</List.Item>
                <List.Item>
                  If microneedling suits you, you leave with a plan, a price and your first date.
                </List.Item>
              </List>
            </div>
          </Stack>
        </Paper>
      </Stack>
    </Container>
  );
}
