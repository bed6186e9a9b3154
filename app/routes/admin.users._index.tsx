import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { searchUsers } from "~/admin/users.server";
import { requireAdmin } from "~/auth/authorise.server";
import { TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { query, results: searchUsers(query) };
}

export default function Users() {
  const { t } = useTranslation();
  const { query, results } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("admin.users.title")}</h1>
      <Form method="get" role="search">
        <TextInput
          name="q"
          type="search"
          label={t("admin.users.search")}
          hint={t("admin.users.hint")}
          defaultValue={query}
          spellCheck={false}
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("admin.users.searchSubmit")}
        </button>
      </Form>
      {query.trim().length >= 2 && results.length === 0 ? <p>{t("admin.users.noResults", { query })}</p> : null}
      {results.length > 0 ? (
        <ul className="nhsuk-list">
          {results.map((u) => (
            <li key={u.id}>
              <Link to={`/admin/users/${u.id}`}>
                {u.familyName}, {u.givenName}
              </Link>{" "}
              ({u.email})
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
