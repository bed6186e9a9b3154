import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { ErrorSummary } from "~/components/forms";
import { SpreadsheetFileField } from "~/components/spreadsheet-file-field";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { CourseMappingTable } from "~/prior-learning/components";
import { courseMappingView } from "~/prior-learning/course-mappings.server";
import { receiveCompletionRecord } from "~/prior-learning/upload.server";
import { uploadLimitMegabytes } from "~/staff-import/uploads.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "priorLearning.upload.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireManagerOf(request, params.org, "prior-learning");
  return { limitMegabytes: uploadLimitMegabytes(), mappings: courseMappingView(await getLanguage(request)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "prior-learning");
  const outcome = await receiveCompletionRecord(request, { organisationId: organisation.id }, user.id);
  if (!outcome.ok) return data({ errors: { [outcome.field]: outcome.problem } }, { status: outcome.status });
  throw redirect(`/manage/${organisation.code}/completions/${outcome.id}`);
}

export default function UploadCompletions() {
  const { t } = useTranslation();
  const { limitMegabytes, mappings } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state === "submitting";
  const fileError = errors?.file;
  const sourceError = errors?.source;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>{t("priorLearning.upload.title")}</h1>
        <p>{t("priorLearning.upload.intro")}</p>
        <h2 className="nhsuk-heading-s">{t("priorLearning.upload.columnsTitle")}</h2>
        <p>{t("priorLearning.upload.columns")}</p>
        <p>{t("priorLearning.upload.formats")}</p>
        <p>{t("priorLearning.upload.matching")}</p>
        <Form method="post" encType="multipart/form-data">
          <SpreadsheetFileField
            label={t("priorLearning.upload.file")}
            hint={t("priorLearning.upload.fileHint", { size: limitMegabytes })}
            problem={fileError ?? undefined}
          />
          <div className={`nhsuk-form-group${sourceError ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor="source">
              {t("priorLearning.upload.sourceLabel")}
            </label>
            <div className="nhsuk-hint" id="source-hint">
              {t("priorLearning.upload.sourceHint")}
            </div>
            {sourceError ? (
              <span className="nhsuk-error-message" id="source-error">
                <span className="nhsuk-u-visually-hidden">{t("errors.errorPrefix")} </span>
                {t(sourceError.key, sourceError.values)}
              </span>
            ) : null}
            <input
              className="nhsuk-input nhsuk-input--width-20"
              id="source"
              name="source"
              type="text"
              defaultValue="ESR"
              maxLength={60}
              aria-describedby={sourceError ? "source-hint source-error" : "source-hint"}
            />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="sheet">
              {t("priorLearning.upload.sheet")}
            </label>
            <div className="nhsuk-hint" id="sheet-hint">
              {t("priorLearning.upload.sheetHint")}
            </div>
            <input
              className="nhsuk-input nhsuk-input--width-20"
              id="sheet"
              name="sheet"
              type="text"
              autoComplete="off"
              spellCheck={false}
              aria-describedby="sheet-hint"
            />
          </div>
          <button className="nhsuk-button" type="submit" disabled={busy}>
            {t("priorLearning.upload.submit")}
          </button>
        </Form>
        <h2>{t("priorLearning.upload.mappingTitle")}</h2>
        <p>{t("priorLearning.upload.mappingIntro")}</p>
        <CourseMappingTable mappings={mappings} />
      </div>
    </div>
  );
}
