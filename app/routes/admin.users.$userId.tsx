import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MEMBERSHIP_ROLES, PLATFORM_ROLES } from "@db/enums";
import { RoleChangeSchema, changeRole, getUserWithMemberships } from "~/admin/users.server";
import { requireAdmin } from "~/auth/authorise.server";
import { NO_ERRORS, fieldErrors, formValues } from "~/auth/forms.server";
import { ErrorSummary, Select, SuccessBanner } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.users.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const user = getUserWithMemberships(params.userId ?? "");
  if (!user) throw new Response("Not found", { status: 404 });
  return { user };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = RoleChangeSchema.safeParse(
    formValues(await request.formData(), ["intent", "platformRole", "membershipId", "role"]),
  );
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), saved: false }, { status: 400 });
  const result = changeRole(admin.id, params.userId ?? "", parsed.data);
  if (result === "not-found") throw new Response("Not found", { status: 404 });
  if (result === "unit-manager-needs-units" && parsed.data.intent === "membership-role")
    return data(
      { errors: { [`role-${parsed.data.membershipId}`]: "admin.errors.unitManagerHere" }, saved: false },
      { status: 400 },
    );
  return { errors: NO_ERRORS, saved: true };
}

export default function UserRoles() {
  const { t } = useTranslation();
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {actionData?.saved ? <SuccessBanner>{t("admin.users.saved")}</SuccessBanner> : null}
        <ErrorSummary errors={actionData?.errors} />
        <h1>
          {user.givenName} {user.familyName}
        </h1>
        <p>{user.email}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="platform-role" />
          <Select
            name="platformRole"
            label={t("admin.users.platformRole")}
            defaultValue={user.platformRole}
            options={PLATFORM_ROLES.map((r) => ({ value: r, label: t(`auth.roles.${r}`) }))}
          />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            {t("admin.users.savePlatformRole")}
          </button>
        </Form>
        <h2>{t("admin.users.memberships")}</h2>
        {user.memberships.length === 0 ? <p>{t("admin.users.noMemberships")}</p> : null}
        {user.memberships.map((m) => (
          <Form method="post" noValidate key={m.membershipId}>
            <input type="hidden" name="intent" value="membership-role" />
            <input type="hidden" name="membershipId" value={m.membershipId} />
            <Select
              name="role"
              id={`role-${m.membershipId}`}
              label={t("admin.users.roleFor", { organisation: m.organisationName })}
              hint={[m.unitName, t(`auth.staffGroups.${m.staffGroup}`)].filter(Boolean).join(", ")}
              defaultValue={m.role}
              error={actionData?.errors[`role-${m.membershipId}`]}
              // A unit manager's units are chosen on the organisation's Unit managers page.
              options={MEMBERSHIP_ROLES.filter((r) => r !== "unit-manager" || m.role === r).map((r) => ({
                value: r,
                label: t(`auth.roles.${r}`),
              }))}
            />
            <button className="nhsuk-button nhsuk-button--secondary" type="submit">
              {t("admin.users.saveRole")}
            </button>
          </Form>
        ))}
        <p>
          <Link to="/admin/users">{t("admin.users.back")}</Link>
        </p>
      </div>
    </div>
  );
}
