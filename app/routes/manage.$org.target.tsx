import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { NO_ERRORS, fieldErrors, formValues } from "~/auth/forms.server";
import { ErrorSummary, SuccessBanner, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { TargetSchema, setComplianceTarget } from "~/organisations/target.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.target.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org, "target");
  return { target: organisation.complianceTarget };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "target");
  const values = formValues(await request.formData(), ["target"]);
  const parsed = TargetSchema.safeParse(values);
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), value: values.target ?? "", saved: false }, { status: 400 });
  setComplianceTarget(user.id, organisation, parsed.data.target);
  return { errors: NO_ERRORS, value: String(parsed.data.target), saved: true };
}

export default function ComplianceTarget() {
  const { t } = useTranslation();
  const { target } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {actionData?.saved ? (
          <SuccessBanner>{t("manage.target.saved", { target: actionData.value })}</SuccessBanner>
        ) : null}
        <ErrorSummary errors={actionData?.errors} />
        <h1>{t("manage.target.title")}</h1>
        <p>{t("manage.target.intro")}</p>
        <Form method="post" noValidate>
          <TextInput
            name="target"
            label={t("manage.target.label")}
            hint={t("manage.target.hint")}
            defaultValue={actionData?.value ?? String(target)}
            error={actionData?.errors.target}
            width={10}
          />
          <button className="nhsuk-button" type="submit">
            {t("manage.target.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
