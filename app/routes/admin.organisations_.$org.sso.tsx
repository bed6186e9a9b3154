import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminOfOrganisation } from "~/auth/authorise.server";
import { pageTitle } from "~/i18n/meta";
import { handleSsoSettingsForm, ssoSettingsPage } from "~/sso/settings-actions.server";
import { SsoSettingsForm } from "~/sso/settings-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sso.settings.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireAdminOfOrganisation(request, params.org);
  return ssoSettingsPage(organisation);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireAdminOfOrganisation(request, params.org);
  return handleSsoSettingsForm(request, user.id, organisation, true);
}

export default function AdminSsoSettings() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="nhsuk-caption-m">{page.organisation.name}</p>
      <SsoSettingsForm page={page} result={result} asAdmin />
    </>
  );
}
