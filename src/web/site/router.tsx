// The public site's router: the address bar is the state, links move within the site without a
// page load, and the staff app and patient portal (react-router, their own bundle) are reached with
// an ordinary page load. A handful of pages need no more, and a phone downloads ~1 KB for it
// instead of a full routing library.
import {
  type AnchorHTMLAttributes,
  createContext,
  type MouseEvent,
  type ReactNode,
  type Ref,
  startTransition,
  use,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";

/** Pages of the staff app and the patient portal: not the public site's. */
export function isAppPath(pathname: string): boolean {
  return /^\/(app|portal)(\/|$)/.test(pathname);
}

export interface SiteLocation {
  pathname: string;
  search: string;
  hash: string;
}

interface NavigateOptions {
  replace?: boolean;
}

interface SiteRouterValue {
  location: SiteLocation;
  navigate: (to: string, options?: NavigateOptions) => void;
}

const RouterContext = createContext<SiteRouterValue | null>(null);

function here(): SiteLocation {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

/** A same-origin site address to route here, or null when the browser must load the page itself. */
function sitePath(to: string): URL | null {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin || isAppPath(url.pathname)) return null;
  return url;
}

/** Goes to an address: within the site when it is the site's, else with a page load. */
function go(to: string, options: NavigateOptions, set: (location: SiteLocation) => void): boolean {
  const url = sitePath(to);
  if (!url) {
    if (options.replace) window.location.replace(to);
    else window.location.assign(to);
    return false;
  }
  const href = `${url.pathname}${url.search}${url.hash}`;
  if (options.replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  // A transition: the current page stays until the next page's code has arrived.
  startTransition(() => set({ pathname: url.pathname, search: url.search, hash: url.hash }));
  return true;
}

export function SiteRouter({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(here);
  // Set when a link was followed, so the next page starts at its top (not on the back button).
  const toTop = useRef(false);
  useEffect(() => {
    const onPop = () => startTransition(() => setLocation(here()));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  useLayoutEffect(() => {
    if (!toTop.current) return;
    toTop.current = false;
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
    else window.scrollTo(0, 0);
  }, [location]);
  const navigate = useCallback((to: string, options: NavigateOptions = {}) => {
    if (go(to, options, setLocation)) toTop.current = true;
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext value={value}>{children}</RouterContext>;
}

export function useLocation(): SiteLocation {
  return use(RouterContext)?.location ?? here();
}

export function useNavigate(): (to: string, options?: NavigateOptions) => void {
  const router = use(RouterContext);
  // Outside the site (a page of the full app using a site component), every address is a page load.
  return router?.navigate ?? ((to, options) => window.location[options?.replace ? "replace" : "assign"](to));
}

/** The query string of the current address (read-only: the site's pages only read it). */
export function useSearchParams(): [URLSearchParams] {
  const { search } = useLocation();
  return [useMemo(() => new URLSearchParams(search), [search])];
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  to: string;
  replace?: boolean;
  ref?: Ref<HTMLAnchorElement>;
};

/**
 * A link: a real `<a href>` (opens in a new tab, works without this router); a plain click on a
 * site address moves within the site. Outside the site (the staff app, the portal) it is a plain link.
 */
export function Link({ to, replace, onClick, ref, ...rest }: LinkProps) {
  const router = use(RouterContext);
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      !router ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.altKey ||
      event.ctrlKey ||
      event.shiftKey ||
      (rest.target !== undefined && rest.target !== "_self") ||
      rest.download !== undefined ||
      !sitePath(to)
    ) {
      return;
    }
    event.preventDefault();
    router.navigate(to, { replace });
  };
  return <a {...rest} ref={ref} href={to} onClick={follow} />;
}
