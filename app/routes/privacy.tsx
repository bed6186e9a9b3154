import type { MetaFunction } from "@remix-run/node";
import { ProsePage } from "~/components/prose-page";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pages.privacy.title");

export default function Page() {
  return <ProsePage section="privacy" />;
}
