import "@mantine/core/styles.css";
import "./global.css";
import { Center, MantineProvider } from "@mantine/core";
import { Fragment, lazy, type ReactNode, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { initialLocale, useLocale } from "./components/language-switch.tsx";
import { LoadingState } from "./components/loading-state.tsx";
import { switchLocale } from "./i18n/index.ts";
import { SessionProvider } from "./session.tsx";
import { isAppPath } from "./site/router.tsx";
import { SiteApp } from "./site/site-app.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";

// Two apps share this page: the public site (its own small router, in this first download) and the
// staff app with the patient portal (react-router and their areas, downloaded only on their pages).
const StaffAndPortalApp = lazy(() => import("./routes.tsx"));

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element");

/** The tree again in the new language when the patient switches (form state starts afresh). */
function InLanguage({ children }: { children: ReactNode }) {
  return <Fragment key={useLocale()}>{children}</Fragment>;
}

// Staff screens stay in English; the public site and the portal speak the patient's language,
// whose catalogue (Spanish) is loaded before the first render so nothing flashes in English.
const staffPage = /^\/app(\/|$)/.test(window.location.pathname);
const locale = staffPage ? "en" : initialLocale();
if (locale !== "en") await switchLocale(locale);

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <SessionProvider>
        <InLanguage>
          {isAppPath(window.location.pathname) ? (
            <Suspense
              fallback={
                <Center mih="100vh">
                  <LoadingState />
                </Center>
              }
            >
              <StaffAndPortalApp />
            </Suspense>
          ) : (
            <SiteApp />
          )}
        </InLanguage>
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
