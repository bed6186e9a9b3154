import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireManagerOf } from "~/auth/authorise.server";
import { NO_ERRORS, fieldErrors, type FieldErrors } from "~/auth/forms.server";
import { ErrorSummary, SuccessBanner, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { listUnits } from "~/organisations/staff.server";
import {
  UnitManagerSchema,
  listUnitManagers,
  removeUnitManager,
  setUnitManager,
} from "~/organisations/unit-managers.server";
import { Checkbox } from "~/staff-import/components";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.unitManagers.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org, "unit-managers");
  return { managers: listUnitManagers(organisation.id), units: listUnits(organisation.id) };
}

const RemoveSchema = z.object({ membershipId: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "unit-managers");
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const parsed = RemoveSchema.safeParse({ membershipId: form.get("membershipId") });
    if (!parsed.success || !removeUnitManager(user.id, organisation, parsed.data.membershipId))
      throw new Response("Not Found", { status: 404 });
    return { errors: NO_ERRORS, email: "", done: "removed" as const };
  }
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  const unitIds = [...form.keys()].filter((k) => /^unit-\d+$/.test(k)).map((k) => k.slice("unit-".length));
  const parsed = UnitManagerSchema.safeParse({ email, unitIds });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), email, done: null }, { status: 400 });
  const result = setUnitManager(user.id, organisation, parsed.data);
  if (!result.ok)
    return data({ errors: { [result.field]: result.message } as FieldErrors, email, done: null }, { status: 400 });
  return { errors: NO_ERRORS, email: "", done: "saved" as const };
}

/** A training manager makes someone in the organisation a unit manager of chosen departments or wards. */
export default function UnitManagers() {
  const { t } = useTranslation();
  const { managers, units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {actionData?.done ? <SuccessBanner>{t(`manage.unitManagers.${actionData.done}`)}</SuccessBanner> : null}
        <ErrorSummary errors={errors} />
        <h1>{t("manage.unitManagers.title")}</h1>
        <p>{t("manage.unitManagers.intro")}</p>
        {managers.length === 0 ? (
          <p>{t("manage.unitManagers.none")}</p>
        ) : (
          <ul className="nhsuk-list nhsuk-list--border">
            {managers.map((m) => (
              <li key={m.membershipId}>
                <strong>{m.name}</strong> ({m.email}): {m.units.join(", ") || t("manage.unitManagers.noUnits")}
                <Form method="post" className="nhsuk-u-margin-top-2">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="membershipId" value={m.membershipId} />
                  <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                    {t("manage.unitManagers.remove", { name: m.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <h2>{t("manage.unitManagers.addTitle")}</h2>
        <Form method="post" noValidate key={actionData?.done ?? "form"}>
          <TextInput
            name="email"
            label={t("manage.unitManagers.email")}
            hint={t("manage.unitManagers.emailHint")}
            autoComplete="off"
            defaultValue={actionData?.email}
            error={errors?.email}
            width={30}
          />
          <div className={`nhsuk-form-group${errors?.unitIds ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={errors?.unitIds ? "unitIds-error" : undefined}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                {t("manage.unitManagers.units")}
              </legend>
              {errors?.unitIds ? (
                <span className="nhsuk-error-message" id="unitIds-error">
                  <span className="nhsuk-u-visually-hidden">{t("errors.errorPrefix")} </span>
                  {t(errors.unitIds)}
                </span>
              ) : null}
              <div className="nhsuk-checkboxes" id="unitIds">
                {units.map((u) => (
                  <Checkbox key={u.id} name={`unit-${u.id}`} label={u.name} />
                ))}
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button" type="submit">
            {t("manage.unitManagers.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
