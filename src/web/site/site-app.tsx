// The public site (/, /self-check, /compare, /faq, /prices, /book): its own small route tree, so a
// phone opening it never downloads the staff app, the portal or their router. Each page is its own
// chunk; the layout around them comes with the first download.
import { Component, type ComponentType, type ErrorInfo, lazy, type ReactNode, Suspense } from "react";
import { LoadingState } from "../components/loading-state.tsx";
import { PageError } from "../components/page-error.tsx";
import { SiteLayout } from "./layout.tsx";
import { SiteRouter, useLocation } from "./router.tsx";

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const PAGES: Record<string, ComponentType> = {
  "/": page(() => import("./home.tsx"), "HomePage"),
  "/book": page(() => import("./book.tsx"), "BookPage"),
  "/self-check": page(() => import("./self-check/self-check-page.tsx"), "SelfCheckPage"),
  "/compare": page(() => import("./compare/compare-page.tsx"), "ComparePage"),
  "/faq": page(() => import("./faq/faq-page.tsx"), "FaqPage"),
  "/prices": page(() => import("./prices/prices-page.tsx"), "PricesPage"),
};
const NotFoundPage = page(() => import("./not-found.tsx"), "NotFoundPage");

/** Shows PageError when a page fails (a chunk gone after a release, a bug); a new address retries. */
class PageBoundary extends Component<
  { pathname: string; inLayout: boolean; children: ReactNode },
  { error: unknown; pathname: string }
> {
  override state = { error: null as unknown, pathname: this.props.pathname };
  static getDerivedStateFromProps(props: { pathname: string }, state: { pathname: string }) {
    return props.pathname === state.pathname ? null : { error: null, pathname: props.pathname };
  }
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    return this.state.error ? (
      <PageError error={this.state.error} main={!this.props.inLayout} />
    ) : (
      this.props.children
    );
  }
}

function SitePage() {
  const { pathname } = useLocation();
  const Page = PAGES[pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname];
  const content = (
    <PageBoundary pathname={pathname} inLayout={Page !== undefined}>
      <Suspense fallback={<LoadingState />}>{Page ? <Page /> : <NotFoundPage />}</Suspense>
    </PageBoundary>
  );
  return Page ? <SiteLayout>{content}</SiteLayout> : content;
}

export function SiteApp() {
  return (
    <SiteRouter>
      <SitePage />
    </SiteRouter>
  );
}
