import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { STAFF_GROUPS } from "@db/enums";
import { requireManagerOf } from "~/auth/authorise.server";
import { NO_ERRORS, formValues, type FieldErrors } from "~/auth/forms.server";
import { ErrorSummary, RadioGroup, Select, SuccessBanner, TextInput } from "~/components/forms";
import { ResponsiveCell } from "~/components/responsive-table";
import { listModules } from "~/content/catalogue.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import {
  REQUIREMENT_FIELDS,
  parseRequirementForm,
  removeRequirement,
  requirementsOverview,
  saveRequirement,
} from "~/reminders/requirements-editor.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "requirementsEditor.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org, "requirements");
  return { modules: requirementsOverview(organisation.id, await getLanguage(request)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "requirements");
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const removed = removeRequirement(user.id, organisation, Number(form.get("id")));
    if (!removed)
      return data(
        { errors: { form: "requirementsEditor.errors.notFound" } as FieldErrors, values: {}, done: null },
        { status: 404 },
      );
    return { errors: NO_ERRORS, values: {}, done: "removed" as const };
  }
  const values = formValues(form, REQUIREMENT_FIELDS);
  const parsed = parseRequirementForm(
    values,
    listModules("en-GB").map((m) => m.slug),
  );
  if (!parsed.ok) return data({ errors: parsed.errors, values, done: null }, { status: 400 });
  saveRequirement(user.id, organisation, parsed.input);
  return { errors: NO_ERRORS, values: {}, done: "saved" as const };
}

export default function Requirements() {
  const { t } = useTranslation();
  const { modules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values: Partial<Record<(typeof REQUIREMENT_FIELDS)[number], string>> = actionData?.values ?? {};
  const groupName = (group: string | null) =>
    group ? t(`auth.staffGroups.${group}`) : t("requirementsEditor.allGroups");
  return (
    <>
      {actionData?.done ? <SuccessBanner>{t(`requirementsEditor.${actionData.done}`)}</SuccessBanner> : null}
      <ErrorSummary errors={errors} />
      <h1>{t("requirementsEditor.title")}</h1>
      <p>{t("requirementsEditor.intro")}</p>
      <p>{t("requirementsEditor.precedence")}</p>
      <table className="nhsuk-table-responsive" id="form">
        <caption className="nhsuk-table__caption">{t("requirementsEditor.tableCaption")}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {(["module", "staffGroup", "required", "renewal", "grace", "setBy"] as const).map((key) => (
              <th scope="col" className="nhsuk-table__header" key={key}>
                {t(`requirementsEditor.columns.${key}`)}
              </th>
            ))}
            <th scope="col" className="nhsuk-table__header">
              <span className="nhsuk-u-visually-hidden">{t("requirementsEditor.columns.action")}</span>
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {modules.flatMap((module) =>
            (module.lines.length ? module.lines : [null]).map((line, index) => (
              <tr className="nhsuk-table__row" key={`${module.slug}-${line?.id ?? "none"}`}>
                <ResponsiveCell heading={t("requirementsEditor.columns.module")}>
                  {index === 0 ? module.title : <span className="nhsuk-u-visually-hidden">{module.title}</span>}
                </ResponsiveCell>
                <ResponsiveCell heading={t("requirementsEditor.columns.staffGroup")}>
                  {line ? groupName(line.staffGroup) : t("requirementsEditor.allGroups")}
                </ResponsiveCell>
                <ResponsiveCell heading={t("requirementsEditor.columns.required")}>
                  {line?.required ? t("requirementsEditor.yes") : t("requirementsEditor.no")}
                </ResponsiveCell>
                <ResponsiveCell heading={t("requirementsEditor.columns.renewal")}>
                  {line?.required ? t("requirementsEditor.days", { days: line.renewalDays }) : ""}
                </ResponsiveCell>
                <ResponsiveCell heading={t("requirementsEditor.columns.grace")}>
                  {line?.required ? t("requirementsEditor.days", { days: line.graceDays }) : ""}
                </ResponsiveCell>
                <ResponsiveCell heading={t("requirementsEditor.columns.setBy")}>
                  {line ? t(`requirementsEditor.scope.${line.scope}`) : t("requirementsEditor.scope.none")}
                </ResponsiveCell>
                <td className="nhsuk-table__cell">
                  {line?.scope === "organisation" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="id" value={line.id} />
                      <button
                        type="submit"
                        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                      >
                        {t("requirementsEditor.remove")}
                        <span className="nhsuk-u-visually-hidden">
                          {" "}
                          {t("requirementsEditor.removeWhich", {
                            module: module.title,
                            group: groupName(line.staffGroup),
                          })}
                        </span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>

      <h2>{t("requirementsEditor.formTitle")}</h2>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <Form method="post" noValidate key={actionData?.done ?? "form"}>
            <input type="hidden" name="intent" value="save" />
            <Select
              name="moduleSlug"
              label={t("requirementsEditor.fields.module")}
              defaultValue={values.moduleSlug ?? ""}
              error={errors?.moduleSlug}
              options={[
                { value: "", label: t("requirementsEditor.fields.chooseModule") },
                ...modules.map((m) => ({ value: m.slug, label: m.title })),
              ]}
            />
            <Select
              name="staffGroup"
              label={t("requirementsEditor.fields.staffGroup")}
              defaultValue={values.staffGroup ?? ""}
              error={errors?.staffGroup}
              options={[
                { value: "", label: t("requirementsEditor.allGroups") },
                ...STAFF_GROUPS.map((g) => ({ value: g, label: t(`auth.staffGroups.${g}`) })),
              ]}
            />
            <RadioGroup
              name="required"
              legend={t("requirementsEditor.fields.required")}
              defaultValue={values.required ?? "yes"}
              error={errors?.required}
              options={[
                { value: "yes", label: t("requirementsEditor.fields.requiredYes") },
                { value: "no", label: t("requirementsEditor.fields.requiredNo") },
              ]}
            />
            <TextInput
              name="renewalDays"
              label={t("requirementsEditor.fields.renewalDays")}
              hint={t("requirementsEditor.fields.renewalHint")}
              defaultValue={values.renewalDays ?? "365"}
              error={errors?.renewalDays}
              width={10}
            />
            <TextInput
              name="graceDays"
              label={t("requirementsEditor.fields.graceDays")}
              hint={t("requirementsEditor.fields.graceHint")}
              defaultValue={values.graceDays ?? "30"}
              error={errors?.graceDays}
              width={10}
            />
            <button className="nhsuk-button" type="submit">
              {t("requirementsEditor.fields.submit")}
            </button>
          </Form>
        </div>
      </div>
    </>
  );
}
