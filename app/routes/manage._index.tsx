import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listManagedOrganisations } from "~/auth/authorise.server";
import { requireUser } from "~/auth/session.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisations = listManagedOrganisations(user.id);
  if (organisations.length === 1) throw redirect(`/manage/${organisations[0].code}`);
  return { organisations };
}

export default function ManageIndex() {
  const { t } = useTranslation();
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("manage.title")}</h1>
      {organisations.length === 0 ? (
        <p>{t("manage.noOrganisations")}</p>
      ) : (
        <>
          <h2>{t("manage.chooseOrganisation")}</h2>
          <ul className="nhsuk-list">
            {organisations.map((o) => (
              <li key={o.code}>
                <Link to={`/manage/${o.code}`}>{o.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
