import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LanguagePreferenceSchema, saveLanguagePreference } from "~/auth/account.server";
import { NO_ERRORS, fieldErrors, formValues } from "~/auth/forms.server";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, RadioGroup, SuccessBanner } from "~/components/forms";
import { setLanguageCookie } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { listActiveMemberships } from "~/organisations/memberships.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    user: { name: `${user.givenName} ${user.familyName}`, email: user.email, language: user.language, platformRole: user.platformRole },
    memberships: listActiveMemberships(user.id),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = LanguagePreferenceSchema.safeParse(formValues(await request.formData(), ["language"]));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), saved: false }, { status: 400 });
  saveLanguagePreference(user.id, parsed.data.language);
  return data({ errors: NO_ERRORS, saved: true }, { headers: { "Set-Cookie": await setLanguageCookie(parsed.data.language) } });
}

export default function Account() {
  const { t } = useTranslation();
  const { user, memberships } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {actionData?.saved ? (
          <SuccessBanner>
            {t("auth.account.languageSaved")}
          </SuccessBanner>
        ) : null}
        <ErrorSummary errors={actionData?.errors} />
        <h1>{t("auth.account.title")}</h1>
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{t("auth.account.name")}</dt>
            <dd className="nhsuk-summary-list__value">{user.name}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{t("auth.account.email")}</dt>
            <dd className="nhsuk-summary-list__value">{user.email}</dd>
          </div>
          {user.platformRole !== "none" ? (
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">{t("auth.account.platformRole")}</dt>
              <dd className="nhsuk-summary-list__value">{t(`auth.roles.${user.platformRole}`)}</dd>
            </div>
          ) : null}
        </dl>

        <h2>{t("auth.account.organisations")}</h2>
        {memberships.length === 0 ? (
          <p>{t("auth.account.noOrganisations")}</p>
        ) : (
          <table className="nhsuk-table">
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">{t("auth.account.organisation")}</th>
                <th scope="col" className="nhsuk-table__header">{t("auth.account.unit")}</th>
                <th scope="col" className="nhsuk-table__header">{t("auth.account.staffGroup")}</th>
                <th scope="col" className="nhsuk-table__header">{t("auth.account.role")}</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {memberships.map((m) => (
                <tr className="nhsuk-table__row" key={m.membershipId}>
                  <td className="nhsuk-table__cell">{m.organisationName}</td>
                  <td className="nhsuk-table__cell">{m.unitName ?? ""}</td>
                  <td className="nhsuk-table__cell">{t(`auth.staffGroups.${m.staffGroup}`)}</td>
                  <td className="nhsuk-table__cell">{t(`auth.roles.${m.role}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>{t("auth.account.language")}</h2>
        <Form method="post" noValidate>
          <RadioGroup
            name="language"
            legend={t("auth.account.languageLegend")}
            defaultValue={user.language}
            error={actionData?.errors.language}
            options={[
              { value: "en-GB", label: t("auth.languages.en-GB"), lang: "en-GB" },
              { value: "cy", label: t("auth.languages.cy"), lang: "cy" },
            ]}
          />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            {t("auth.account.saveLanguage")}
          </button>
        </Form>
      </div>
    </div>
  );
}
