import { useNavigate } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";

type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  /** A path on this site, from its root ("/learn/..."). */
  to: string;
};

/**
 * A link to a page of this site for the links every page carries (header, footer, lesson
 * pagination): a plain <a> that the browser follows without JavaScript, and that
 * useAppLinkNavigation turns into a client-side navigation with it. Remix's <Link> does the same
 * but runs its router hooks for each link on every render: 20 µs a link, and the lesson page had
 * ten, 16% of its server time (bench:pages).
 */
export function AppLink({ to, children, ...props }: AppLinkProps) {
  // data-discover lets Remix find the route ahead of a click, as it does for its own links.
  return (
    <a {...props} href={to} data-app-link="" data-discover="true">
      {children}
    </a>
  );
}

/**
 * One click listener for every AppLink on the page: a plain left click on one navigates in the
 * app, as a click on Remix's <Link> does. Clicks with a modifier key (new tab or window) and
 * links to other sites are left to the browser.
 */
export function useAppLinkNavigation() {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[data-app-link]") : null;
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self")) return;
      const url = new URL(link.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      const path = url.pathname + url.search + url.hash;
      // Like <Link>: following a link to the page you are on replaces it in the history.
      const here = window.location.pathname + window.location.search + window.location.hash;
      navigate(path, { replace: path === here });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
