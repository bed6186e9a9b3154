import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { NO_ERRORS, fieldErrors, formValues } from "~/auth/forms.server";
import { ErrorSummary, SuccessBanner, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { LocalContactsSchema, contactsOf, setLocalContacts } from "~/organisations/local-contacts.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.contacts.title");

const FIELDS = ["serviceDeskPhone", "serviceDeskEmail", "igLeadName", "igLeadEmail", "incidentSystem"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org, "contacts");
  return { contacts: contactsOf(organisation) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "contacts");
  const values = formValues(await request.formData(), FIELDS);
  const parsed = LocalContactsSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, saved: false }, { status: 400 });
  setLocalContacts(user.id, organisation, parsed.data);
  return { errors: NO_ERRORS, values: {}, saved: true };
}

export default function LocalContactsPage() {
  const { t } = useTranslation();
  const { contacts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Partial<Record<(typeof FIELDS)[number], string>> = actionData?.values ?? {};
  const errors = actionData?.errors;
  const value = (field: (typeof FIELDS)[number]) => values[field] ?? contacts[field] ?? "";
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {actionData?.saved ? <SuccessBanner>{t("manage.contacts.saved")}</SuccessBanner> : null}
        <ErrorSummary errors={errors} />
        <h1>{t("manage.contacts.title")}</h1>
        <p>{t("manage.contacts.intro")}</p>
        <Form method="post" noValidate>
          <TextInput
            name="serviceDeskPhone"
            label={t("manage.contacts.serviceDeskPhone")}
            defaultValue={value("serviceDeskPhone")}
            error={errors?.serviceDeskPhone}
            autoComplete="off"
            width={20}
          />
          <TextInput
            name="serviceDeskEmail"
            type="email"
            label={t("manage.contacts.serviceDeskEmail")}
            defaultValue={value("serviceDeskEmail")}
            error={errors?.serviceDeskEmail}
            autoComplete="off"
          />
          <TextInput
            name="igLeadName"
            label={t("manage.contacts.igLeadName")}
            hint={t("manage.contacts.igLeadNameHint")}
            defaultValue={value("igLeadName")}
            error={errors?.igLeadName}
            autoComplete="off"
          />
          <TextInput
            name="igLeadEmail"
            type="email"
            label={t("manage.contacts.igLeadEmail")}
            defaultValue={value("igLeadEmail")}
            error={errors?.igLeadEmail}
            autoComplete="off"
          />
          <TextInput
            name="incidentSystem"
            label={t("manage.contacts.incidentSystem")}
            hint={t("manage.contacts.incidentSystemHint")}
            defaultValue={value("incidentSystem")}
            error={errors?.incidentSystem}
            autoComplete="off"
            width={20}
          />
          <button className="nhsuk-button" type="submit">
            {t("manage.contacts.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
