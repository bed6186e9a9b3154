import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/auth/authorise.server";
import { NO_ERRORS, type FieldErrors } from "~/auth/forms.server";
import { ErrorSummary, Select, SuccessBanner, TextInput } from "~/components/forms";
import { listModules } from "~/content/catalogue.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { CourseMappingTable } from "~/prior-learning/components";
import {
  addCourseMapping,
  courseMappingView,
  parseMappingForm,
  removeCourseMapping,
} from "~/prior-learning/course-mappings.server";
import { Checkbox } from "~/staff-import/components";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "priorLearning.mappings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const language = await getLanguage(request);
  return {
    mappings: courseMappingView(language),
    modules: listModules(language).map((m) => ({ value: m.slug, label: m.title })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    removeCourseMapping(Number(form.get("id")), user.id);
    return { errors: NO_ERRORS, done: "removed" as const };
  }
  const parsed = parseMappingForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors, done: null }, { status: 400 });
  const added = addCourseMapping(parsed.input, user.id);
  if (!added.ok)
    return data({ errors: { name: "priorLearning.mappings.duplicate" } as FieldErrors, done: null }, { status: 400 });
  return { errors: NO_ERRORS, done: "added" as const };
}

export default function CourseMappings() {
  const { t } = useTranslation();
  const { mappings, modules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <>
      {actionData?.done ? <SuccessBanner>{t(`priorLearning.mappings.${actionData.done}`)}</SuccessBanner> : null}
      <ErrorSummary errors={errors} />
      <h1>{t("priorLearning.mappings.title")}</h1>
      <p>{t("priorLearning.mappings.intro")}</p>
      <CourseMappingTable
        mappings={mappings}
        action={(line, module) => (
          <Form method="post" className="app-inline-form">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="id" value={module.id} />
            <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
              {t("priorLearning.mappings.remove")}
              <span className="nhsuk-u-visually-hidden">
                {" "}
                {t("priorLearning.mappings.removeLabel", { name: line.name, module: module.title })}
              </span>
            </button>
          </Form>
        )}
      />
      <Form method="post" noValidate>
        <TextInput
          name="name"
          label={t("priorLearning.mappings.name")}
          hint={t("priorLearning.mappings.nameHint")}
          error={errors?.name}
          width={30}
        />
        <Select
          name="moduleSlug"
          label={t("priorLearning.mappings.module")}
          options={modules}
          error={errors?.moduleSlug}
        />
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes">
            <Checkbox name="esrCompetence" label={t("priorLearning.mappings.esr")} />
          </div>
        </div>
        <button className="nhsuk-button" type="submit">
          {t("priorLearning.mappings.add")}
        </button>
      </Form>
    </>
  );
}
