import "@mantine/core/styles.css";
import "./global.css";
import { MantineProvider } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { createRouter } from "./routes.tsx";
import { SessionProvider } from "./session.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <SessionProvider>
        <RouterProvider router={createRouter()} />
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
