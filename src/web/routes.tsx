import { Button, Center, Container, Stack, Text, Title } from "@mantine/core";
import { createBrowserRouter, Navigate, type RouteObject, useRouteError } from "react-router";
import { LoadingState } from "./components/states.tsx";

// Each area is its own chunk: a patient opening the home page on a phone never downloads the staff app.
export const routes: RouteObject[] = [
  {
    HydrateFallback: () => (
      <Center mih="100vh">
        <LoadingState />
      </Center>
    ),
    ErrorBoundary: RouteError,
    children: [
      {
        path: "/",
        lazy: async () => ({ Component: (await import("./site/layout.tsx")).SiteLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import("./site/home.tsx")).HomePage }) },
          { path: "book", lazy: async () => ({ Component: (await import("./site/book.tsx")).BookPage }) },
          {
            path: "self-check",
            lazy: async () => ({
              Component: (await import("./site/self-check/self-check-page.tsx")).SelfCheckPage,
            }),
          },
          {
            path: "compare",
            lazy: async () => ({ Component: (await import("./site/compare/compare-page.tsx")).ComparePage }),
          },
          {
            path: "faq",
            lazy: async () => ({ Component: (await import("./site/faq/faq-page.tsx")).FaqPage }),
          },
          {
            path: "prices",
            lazy: async () => ({ Component: (await import("./site/prices/prices-page.tsx")).PricesPage }),
          },
        ],
      },
      {
        path: "/app/sign-in",
        lazy: async () => ({ Component: (await import("./staff/sign-in.tsx")).StaffSignInPage }),
      },
      {
        path: "/app",
        lazy: async () => ({ Component: (await import("./staff/layout.tsx")).StaffArea }),
        children: [
          { index: true, element: <Navigate to="/app/patients" replace /> },
          {
            path: "patients",
            lazy: async () => ({ Component: (await import("./staff/patients.tsx")).PatientListPage }),
          },
          {
            path: "patients/:patientId",
            lazy: async () => ({ Component: (await import("./staff/patient.tsx")).PatientPage }),
          },
          {
            path: "patients/:patientId/chart",
            lazy: async () => ({ Component: (await import("./staff/record/chart.tsx")).ChartPage }),
          },
          {
            path: "patients/:patientId/consent",
            lazy: async () => ({
              Component: (await import("./staff/record/consent-sign.tsx")).TabletConsentPage,
            }),
          },
          {
            path: "calendar",
            lazy: async () => ({
              Component: (await import("./staff/calendar/calendar-page.tsx")).CalendarPage,
            }),
          },
          {
            path: "inbox",
            lazy: async () => ({ Component: (await import("./staff/inbox/inbox-page.tsx")).InboxPage }),
          },
          {
            path: "settings/setup/:section?",
            lazy: async () => ({ Component: (await import("./staff/setup/setup-page.tsx")).SetupPage }),
          },
          {
            path: "settings/protocol",
            lazy: async () => ({
              Component: (await import("./staff/protocol/protocol-page.tsx")).ProtocolSettingsPage,
            }),
          },
        ],
      },
      {
        path: "/portal/sign-in",
        lazy: async () => ({ Component: (await import("./portal/sign-in.tsx")).PortalSignInPage }),
      },
      {
        path: "/portal/sign-in/link",
        lazy: async () => ({
          Component: (await import("./portal/aftercare/sign-in-link.tsx")).SignInLinkPage,
        }),
      },
      {
        path: "/portal",
        lazy: async () => ({ Component: (await import("./portal/layout.tsx")).PortalArea }),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import("./portal/appointments.tsx")).MyAppointmentsPage }),
          },
          {
            path: "book",
            lazy: async () => ({
              Component: (await import("./portal/booking/portal-book.tsx")).PortalBookPage,
            }),
          },
          {
            path: "intake",
            lazy: async () => ({ Component: (await import("./portal/record/intake.tsx")).IntakePage }),
          },
          {
            path: "plan",
            lazy: async () => ({
              Component: (await import("./portal/plan-progress/plan-page.tsx")).PlanPage,
            }),
          },
          {
            path: "aftercare",
            lazy: async () => ({
              Component: (await import("./portal/aftercare/aftercare-page.tsx")).AftercarePage,
            }),
          },
          {
            path: "progress",
            lazy: async () => ({
              Component: (await import("./portal/progress/progress-page.tsx")).ProgressPage,
            }),
          },
          {
            path: "plan/accept",
            lazy: async () => ({ Component: (await import("./portal/record/plan.tsx")).PortalPlanPage }),
          },
          {
            path: "consent",
            lazy: async () => ({
              Component: (await import("./portal/record/consent.tsx")).PortalConsentPage,
            }),
          },
        ],
      },
      { path: "*", lazy: async () => ({ Component: (await import("./site/not-found.tsx")).NotFoundPage }) },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}

function RouteError() {
  const error = useRouteError();
  // After a new release, an open tab may ask for a chunk that no longer exists: a reload fixes it.
  const stale =
    error instanceof TypeError && /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <Container component="main" size="sm" py={96}>
      <title>Something went wrong · Remodel</title>
      <Stack align="center" ta="center" gap="md">
        <Title order={1} size="h2">
          {stale ? "Remodel has been updated" : "Something went wrong"}
        </Title>
        <Text>
          {stale
            ? "Reload the page to get the latest version."
            : "This page could not be shown. Reloading usually helps; if not, please tell the clinic."}
        </Text>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </Stack>
    </Container>
  );
}
