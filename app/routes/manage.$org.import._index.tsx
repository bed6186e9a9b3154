import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { otherManagedOrganisations, requireManagerOf } from "~/auth/authorise.server";
import { pageTitle } from "~/i18n/meta";
import { ErrorSummary } from "~/components/forms";
import { SpreadsheetFileField } from "~/components/spreadsheet-file-field";
import { Checkbox } from "~/staff-import/components";
import { checkUploadOffThread } from "~/staff-import/off-thread.server";
import { readStaffListUpload, uploadLimitMegabytes } from "~/staff-import/uploads.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffImport.upload.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireManagerOf(request, params.org, "import");
  return { limitMegabytes: uploadLimitMegabytes() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "import");
  const read = await readStaffListUpload(request);
  if (!read.ok) return data({ problem: read.problem }, { status: read.status });
  const { fileName, bytes, fullList, sendInvitations, sheet } = read.upload;
  // Read, checked and planned once, here; the preview shows what is stored. A file that cannot be
  // read at all is sent back here; row-level problems are for the preview.
  const checked = await checkUploadOffThread({
    organisation,
    alsoInto: otherManagedOrganisations(user.id, organisation.id),
    userId: user.id,
    fileName,
    bytes,
    fullList,
    sendInvitations,
    sheet,
  });
  if (!checked.ok) return data({ problem: checked.problem }, { status: 400 });
  throw redirect(`/manage/${organisation.code}/import/${checked.id}`);
}

export default function UploadStaffList() {
  const { t } = useTranslation();
  const { limitMegabytes } = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>()?.problem;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={{ file: problem }} />
        <h1>{t("staffImport.upload.title")}</h1>
        <p>{t("staffImport.upload.intro")}</p>
        <h2 className="nhsuk-heading-s">{t("staffImport.upload.columnsTitle")}</h2>
        <p>{t("staffImport.upload.columnsIntro")}</p>
        <ul className="nhsuk-list nhsuk-list--bullet">
          <li>{t("staffImport.upload.requiredColumns")}</li>
          <li>{t("staffImport.upload.optionalColumns")}</li>
        </ul>
        <p>{t("staffImport.upload.formats")}</p>
        <p>{t("staffImport.upload.matching")}</p>
        <p>{t("staffImport.upload.organisations")}</p>
        <Form method="post" encType="multipart/form-data">
          <SpreadsheetFileField
            label={t("staffImport.upload.file")}
            hint={t("staffImport.upload.fileHint", { size: limitMegabytes })}
            problem={problem ?? undefined}
          />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="sheet">
              {t("staffImport.upload.sheet")}
            </label>
            <div className="nhsuk-hint" id="sheet-hint">
              {t("staffImport.upload.sheetHint")}
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
          <div className="nhsuk-form-group">
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                {t("staffImport.upload.optionsLegend")}
              </legend>
              <div className="nhsuk-checkboxes">
                <Checkbox
                  name="fullList"
                  label={t("staffImport.upload.fullList")}
                  hint={t("staffImport.upload.fullListHint")}
                />
                <Checkbox
                  name="sendInvitations"
                  label={t("staffImport.upload.sendInvitations")}
                  hint={t("staffImport.upload.sendInvitationsHint")}
                  defaultChecked
                />
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button" type="submit" disabled={busy}>
            {t("staffImport.upload.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
