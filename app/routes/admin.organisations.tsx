import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { COUNTRIES, ORGANISATION_KINDS } from "@db/enums";
import { NewOrganisationSchema, createOrganisation, listOrganisations } from "~/admin/organisations.server";
import { requireAdmin } from "~/auth/authorise.server";
import { NO_ERRORS, fieldErrors, formValues, type FieldErrors } from "~/auth/forms.server";
import { ErrorSummary, Select, SuccessBanner, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.organisations.title");

const FIELDS = ["code", "name", "kind", "country", "parentCode"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { organisations: listOrganisations() };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const values = formValues(await request.formData(), FIELDS);
  const parsed = NewOrganisationSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, added: false }, { status: 400 });
  const result = createOrganisation(parsed.data);
  if (!result.ok)
    return data({ errors: { [result.field]: result.message } as FieldErrors, values, added: false }, { status: 400 });
  return { errors: NO_ERRORS, values: {}, added: true };
}

export default function Organisations() {
  const { t } = useTranslation();
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Partial<Record<(typeof FIELDS)[number], string>> = actionData?.values ?? {};
  const errors = actionData?.errors;
  return (
    <>
      {actionData?.added ? <SuccessBanner>{t("admin.organisations.added")}</SuccessBanner> : null}
      <ErrorSummary errors={errors} />
      <h1>{t("admin.organisations.title")}</h1>
      {organisations.length === 0 ? (
        <p>{t("admin.organisations.empty")}</p>
      ) : (
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                {t("admin.organisations.code")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.organisations.name")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.organisations.kind")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.organisations.country")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.organisations.parent")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("sso.settings.title")}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {organisations.map((o) => (
              <tr className="nhsuk-table__row" key={o.id}>
                <td className="nhsuk-table__cell">
                  <Link to={`/admin/organisations/${o.code}`}>
                    {o.code}
                    <span className="nhsuk-u-visually-hidden">
                      : {t("admin.organisations.change", { name: o.name })}
                    </span>
                  </Link>
                </td>
                <td className="nhsuk-table__cell">{o.name}</td>
                <td className="nhsuk-table__cell">{t(`admin.kinds.${o.kind}`)}</td>
                <td className="nhsuk-table__cell">{t(`admin.countries.${o.country}`)}</td>
                <td className="nhsuk-table__cell">{o.parentName ?? ""}</td>
                <td className="nhsuk-table__cell">
                  <Link to={`/admin/organisations/${o.code}/sso`}>
                    {t("sso.settings.adminLink")}
                    <span className="nhsuk-u-visually-hidden"> ({o.name})</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("admin.organisations.addTitle")}</h2>
      <Form method="post" noValidate key={actionData?.added ? "added" : "form"}>
        <TextInput
          name="code"
          label={t("admin.organisations.code")}
          hint={t("admin.organisations.codeHint")}
          defaultValue={values.code}
          error={errors?.code}
          width={10}
          spellCheck={false}
        />
        <TextInput name="name" label={t("admin.organisations.name")} defaultValue={values.name} error={errors?.name} />
        <Select
          name="kind"
          label={t("admin.organisations.kind")}
          defaultValue={values.kind ?? ""}
          error={errors?.kind}
          options={[
            { value: "", label: t("admin.organisations.chooseKind") },
            ...ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`admin.kinds.${k}`) })),
          ]}
        />
        <Select
          name="country"
          label={t("admin.organisations.country")}
          hint={t("admin.organisations.countryHint")}
          defaultValue={values.country ?? ""}
          error={errors?.country}
          options={[
            { value: "", label: t("admin.organisations.chooseCountry") },
            ...COUNTRIES.map((c) => ({ value: c, label: t(`admin.countries.${c}`) })),
          ]}
        />
        <TextInput
          name="parentCode"
          label={t("admin.organisations.parentCode")}
          hint={t("admin.organisations.parentHint")}
          defaultValue={values.parentCode}
          error={errors?.parentCode}
          width={10}
          spellCheck={false}
        />
        <button className="nhsuk-button" type="submit">
          {t("admin.organisations.submit")}
        </button>
      </Form>
    </>
  );
}
