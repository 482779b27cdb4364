import { Center } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { createBrowserRouter, Navigate, type RouteObject, useLocation, useRouteError } from "react-router";
import { RouterProvider } from "react-router/dom";
import { nameRefusalFieldsWith } from "./api/client.ts";
import { pageFieldName } from "./api/field-names.ts";
import { LoadingState } from "./components/loading-state.tsx";
import { PageError } from "./components/page-error.tsx";
import { enApp } from "./i18n/en-app.ts";
import { addEnglishMessages } from "./i18n/index.ts";
import { queryClient } from "./lib/query.ts";
import { isAppPath } from "./site/router.tsx";

// The signed-in areas' English messages come with their code, not with the public pages, and so
// do the words for the fields a refusal names.
addEnglishMessages(enApp);
nameRefusalFieldsWith(pageFieldName);

// The staff app (/app) and the patient portal (/portal). The public site has its own small route
// tree (site/site-app.tsx); an address of the site reached from here is loaded as a page.
// Each area is its own chunk: a patient on the portal never downloads the staff app.
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
        path: "/app/sign-in",
        lazy: async () => ({ Component: (await import("./staff/sign-in.tsx")).StaffSignInPage }),
      },
      {
        path: "/app/first-run",
        lazy: async () => ({ Component: (await import("./staff/owner/first-run.tsx")).FirstRunPage }),
      },
      {
        path: "/app/accept-invitation",
        lazy: async () => ({
          Component: (await import("./staff/owner/accept-invitation.tsx")).AcceptInvitationPage,
        }),
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
            path: "patients/new",
            lazy: async () => ({
              Component: (await import("./staff/front-desk/new-patient.tsx")).NewPatientPage,
            }),
          },
          {
            path: "outbox",
            lazy: async () => ({
              Component: (await import("./staff/front-desk/outbox-page.tsx")).OutboxPage,
            }),
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
            path: "patients/:patientId/intake",
            lazy: async () => ({
              Component: (await import("./staff/record/staff-intake.tsx")).StaffIntakePage,
            }),
          },
          {
            path: "patients/:patientId/consent",
            lazy: async () => ({
              Component: (await import("./staff/record/consent-sign.tsx")).TabletConsentPage,
            }),
          },
          {
            path: "gallery",
            lazy: async () => ({ Component: (await import("./staff/record/gallery-page.tsx")).GalleryPage }),
          },
          {
            path: "recalls",
            lazy: async () => ({ Component: (await import("./staff/record/recall-page.tsx")).RecallPage }),
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
            path: "settings/api-clients",
            lazy: async () => ({
              Component: (await import("./staff/setup/api-clients-page.tsx")).ApiClientsPage,
            }),
          },
          {
            path: "import",
            lazy: async () => ({
              Component: (await import("./staff/fhir-import/import-page.tsx")).FhirImportPage,
            }),
          },
          {
            path: "settings/team",
            lazy: async () => ({ Component: (await import("./staff/owner/team-page.tsx")).TeamPage }),
          },
          {
            path: "settings/clinic",
            lazy: async () => ({
              Component: (await import("./staff/owner/clinic-profile-page.tsx")).ClinicProfilePage,
            }),
          },
          {
            path: "settings/consent-wording",
            lazy: async () => ({
              Component: (await import("./staff/owner/consent-templates-page.tsx")).ConsentTemplatesPage,
            }),
          },
          {
            path: "settings/data-rights",
            lazy: async () => ({
              Component: (await import("./staff/owner/data-rights-page.tsx")).DataRightsPage,
            }),
          },
          {
            path: "settings/webhooks",
            lazy: async () => ({
              Component: (await import("./staff/owner/webhooks-page.tsx")).WebhooksPage,
            }),
          },
          {
            path: "account",
            lazy: async () => ({
              Component: (await import("./staff/owner/account-page.tsx")).StaffAccountPage,
            }),
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
        path: "/portal/set-password",
        lazy: async () => ({ Component: (await import("./portal/set-password.tsx")).SetPasswordPage }),
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
          {
            path: "account",
            lazy: async () => ({ Component: (await import("./portal/account-page.tsx")).PortalAccountPage }),
          },
        ],
      },
      { path: "*", Component: ElsewhereOrNotFound },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}

/** The staff app and portal, for main.tsx to load only on their addresses. */
export default function StaffAndPortalApp() {
  const [router] = useState(createRouter);
  // The one query client of the staff app and the portal (the public site reads nothing through it,
  // and keeps its first download small without it).
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}

function RouteError() {
  return <PageError error={useRouteError()} />;
}

const NotFoundPage = lazy(async () => ({ default: (await import("./site/not-found.tsx")).NotFoundPage }));

/** An address of the public site (a link to the home page) loads the site; others do not exist. */
function ElsewhereOrNotFound() {
  const { pathname, search, hash } = useLocation();
  const elsewhere = !isAppPath(pathname);
  useEffect(() => {
    if (elsewhere) window.location.replace(`${pathname}${search}${hash}`);
  }, [elsewhere, pathname, search, hash]);
  if (elsewhere) return <LoadingState />;
  return (
    <Suspense fallback={<LoadingState />}>
      <NotFoundPage />
    </Suspense>
  );
}
