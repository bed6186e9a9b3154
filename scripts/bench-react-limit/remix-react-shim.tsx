// Stands in for @remix-run/react in the React-limit server: the same elements the app's components
// ask for, with no router, no loader calls and no hydration data.
import { createContext, useContext, type AnchorHTMLAttributes, type ReactNode } from "react";

export interface ShimPage {
  pathname: string;
  title: string;
  stylesheets: string[];
  scripts: string[];
  data: Record<string, unknown>;
}

export const ShimContext = createContext<ShimPage>({
  pathname: "/",
  title: "",
  stylesheets: [],
  scripts: [],
  data: {},
});

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "className"> & {
  to: string;
  prefetch?: string;
  className?: string | ((state: { isActive: boolean }) => string);
  end?: boolean;
};

export function Link({ to, prefetch: _prefetch, className, end: _end, ...rest }: LinkProps) {
  return (
    <a href={to} className={typeof className === "function" ? className({ isActive: false }) : className} {...rest} />
  );
}
export const NavLink = Link;

// The app's link listener (useAppLinkNavigation) only runs in a browser.
export const useNavigate = () => () => undefined;
export const useLocation = () => ({ pathname: useContext(ShimContext).pathname, search: "", hash: "" });
export const useLoaderData = () => useContext(ShimContext).data.route;
export const useRouteLoaderData = (id: string) => useContext(ShimContext).data[id];
export const useRouteError = () => null;
export const isRouteErrorResponse = () => false;
export const Outlet = () => null;

export function Meta() {
  return <title>{useContext(ShimContext).title}</title>;
}
export function Links() {
  return (
    <>
      {useContext(ShimContext).stylesheets.map((href) => (
        <link key={href} rel="stylesheet" href={href} />
      ))}
    </>
  );
}
export function Scripts({ nonce }: { nonce?: string }) {
  return (
    <>
      {useContext(ShimContext).scripts.map((src) => (
        <script key={src} type="module" src={src} nonce={nonce} />
      ))}
    </>
  );
}
export const ScrollRestoration = (_props: { nonce?: string }) => null;
export const Form = ({ children, ...rest }: { children?: ReactNode } & Record<string, unknown>) => (
  <form {...rest}>{children}</form>
);
