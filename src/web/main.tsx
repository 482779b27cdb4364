import "@mantine/core/styles.css";
import "./global.css";
import { Center, MantineProvider } from "@mantine/core";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { LoadingState } from "./components/loading-state.tsx";
import { SessionProvider } from "./session.tsx";
import { isAppPath } from "./site/router.tsx";
import { SiteApp } from "./site/site-app.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";

// Two apps share this page: the public site (its own small router, in this first download) and the
// staff app with the patient portal (react-router and their areas, downloaded only on their pages).
const StaffAndPortalApp = lazy(() => import("./routes.tsx"));

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <SessionProvider>
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
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
