import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { INVITE_ROLES, STAFF_GROUPS } from "@db/enums";
import { requireManagerOf } from "~/auth/authorise.server";
import { unitInScope } from "~/auth/scope";
import { NO_ERRORS, fieldErrors, formValues, type FieldErrors } from "~/auth/forms.server";
import { ErrorSummary, Select, SuccessBanner, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { InviteSchema, inviteStaff, listUnits } from "~/organisations/staff.server";
import { todayIso } from "~/utils/dates";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.invite.title");

const FIELDS = ["givenName", "familyName", "email", "unitId", "staffGroup", "jobRole", "startDate", "role"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "invite");
  return {
    units: listUnits(organisation.id).filter((u) => unitInScope(scope, u.id)),
    roles: scope.unitIds === null ? INVITE_ROLES : (["learner"] as const),
    today: todayIso(),
    organisationName: organisation.name,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation, scope } = await requireManagerOf(request, params.org, "invite");
  const values = formValues(await request.formData(), FIELDS);
  const parsed = InviteSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, done: null }, { status: 400 });
  const result = await inviteStaff(user.id, organisation, scope, parsed.data);
  if (!result.ok)
    return data({ errors: { [result.field]: result.message } as FieldErrors, values, done: null }, { status: 400 });
  return { errors: NO_ERRORS, values: {}, done: { email: parsed.data.email } };
}

export default function Invite() {
  const { t } = useTranslation();
  const { units, roles, today, organisationName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values: Partial<Record<(typeof FIELDS)[number], string>> = actionData?.values ?? {};
  const done = actionData?.done;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {done ? (
          <SuccessBanner>
            {t("manage.invite.sent", { email: done.email, organisation: organisationName })}
          </SuccessBanner>
        ) : null}
        <ErrorSummary errors={errors} />
        <h1>{t("manage.invite.title")}</h1>
        <p>{t("manage.invite.intro")}</p>
        <Form method="post" noValidate key={done?.email ?? "form"}>
          <TextInput
            name="givenName"
            label={t("manage.invite.givenName")}
            autoComplete="off"
            defaultValue={values.givenName}
            error={errors?.givenName}
            width={20}
          />
          <TextInput
            name="familyName"
            label={t("manage.invite.familyName")}
            autoComplete="off"
            defaultValue={values.familyName}
            error={errors?.familyName}
            width={20}
          />
          <TextInput
            name="email"
            type="email"
            label={t("manage.invite.email")}
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.email}
            error={errors?.email}
          />
          <Select
            name="unitId"
            label={t("manage.invite.unit")}
            defaultValue={values.unitId ?? ""}
            error={errors?.unitId}
            options={[
              { value: "", label: t("manage.invite.noUnit") },
              ...units.map((u) => ({ value: String(u.id), label: u.name })),
            ]}
          />
          <Select
            name="staffGroup"
            label={t("manage.invite.staffGroup")}
            defaultValue={values.staffGroup ?? ""}
            error={errors?.staffGroup}
            options={[
              { value: "", label: t("manage.invite.chooseStaffGroup") },
              ...STAFF_GROUPS.map((g) => ({ value: g, label: t(`auth.staffGroups.${g}`) })),
            ]}
          />
          <TextInput
            name="jobRole"
            label={t("manage.invite.jobRole")}
            defaultValue={values.jobRole}
            error={errors?.jobRole}
            width={30}
          />
          <TextInput
            name="startDate"
            type="date"
            label={t("manage.invite.startDate")}
            hint={t("manage.invite.startDateHint")}
            defaultValue={values.startDate ?? today}
            error={errors?.startDate}
          />
          <Select
            name="role"
            label={t("manage.invite.role")}
            defaultValue={values.role ?? "learner"}
            error={errors?.role}
            options={roles.map((r) => ({ value: r, label: t(`auth.roles.${r}`) }))}
          />
          <button className="nhsuk-button" type="submit">
            {t("manage.invite.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
