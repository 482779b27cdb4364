import { Anchor, Box, Center, Container, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { Brand } from "./brand.tsx";

/** The calm, centred frame of a sign-in page. */
export function AuthFrame({
  area,
  title,
  intro,
  children,
  footer,
}: {
  area: string;
  title: string;
  intro: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { clinic } = usePublicClinic();
  const clinicName = clinic?.name ?? "Remodel";
  return (
    <Box mih="100vh" py={{ base: "lg", sm: 64 }}>
      <title>{`${title} · ${clinicName}`}</title>
      <Container size={440} px="md">
        <Stack gap="lg">
          <Box component="header">
            <Anchor component={Link} to="/" underline="never" aria-label={`${clinicName} home`}>
              <Brand name={clinicName} label={area} />
            </Anchor>
          </Box>
          <Paper component="main" withBorder shadow="sm" p={{ base: "lg", sm: "xl" }}>
            <Stack gap="lg">
              <div>
                <Title order={1} size="h2" c="spruce.9">
                  {title}
                </Title>
                <Text c="dimmed" mt={6}>
                  {intro}
                </Text>
              </div>
              {children}
            </Stack>
          </Paper>
          {footer ? <Center>{footer}</Center> : null}
        </Stack>
      </Container>
    </Box>
  );
}
