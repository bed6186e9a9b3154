import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { COUNTRIES } from "@db/enums";
import { CountrySchema, findOrganisationByCode, setOrganisationCountry } from "~/admin/organisations.server";
import { requireAdmin } from "~/auth/authorise.server";
import { fieldErrors, formValues } from "~/auth/forms.server";
import { ErrorSummary, Select } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.organisations.editTitle");

async function requireOrganisation(request: Request, code: string | undefined) {
  const user = await requireAdmin(request);
  const organisation = code ? findOrganisationByCode(code) : undefined;
  if (!organisation) throw new Response("Not found", { status: 404 });
  return { user, organisation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisation(request, params.code);
  return { code: organisation.code, name: organisation.name, country: organisation.country };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrganisation(request, params.code);
  const values = formValues(await request.formData(), ["country"]);
  const parsed = CountrySchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  if (parsed.data.country !== organisation.country) setOrganisationCountry(user.id, organisation, parsed.data.country);
  return redirect("/admin/organisations");
}

export default function EditOrganisation() {
  const { t } = useTranslation();
  const { code, name, country } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        <h1>
          {name} ({code})
        </h1>
        <Form method="post" noValidate>
          <Select
            name="country"
            label={t("admin.organisations.country")}
            hint={t("admin.organisations.countryHint")}
            defaultValue={country}
            error={actionData?.errors.country}
            options={COUNTRIES.map((c) => ({ value: c, label: t(`admin.countries.${c}`) }))}
          />
          <button className="nhsuk-button" type="submit">
            {t("admin.organisations.save")}
          </button>
        </Form>
        <p>
          <Link to="/admin/organisations">{t("admin.organisations.back")}</Link>
        </p>
      </div>
    </div>
  );
}
