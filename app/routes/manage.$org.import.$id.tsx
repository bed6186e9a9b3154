import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { otherManagedOrganisations, requireManagerOf } from "~/auth/authorise.server";
import { ErrorSummary, SuccessBanner } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { inviteImportedStaff } from "~/staff-import/apply.server";
import { applyUploadOffThread } from "~/staff-import/off-thread.server";
import { PlanTable, SectionLinks, type PlanSectionName } from "~/staff-import/components";
import { PLAN_SECTIONS, type PlanSection } from "~/staff-import/plan-view.server";
import { findUpload, planRowsPage, uploadSummary } from "~/staff-import/uploads.server";
import { formatDate } from "~/utils/format-date";
import { pageNumber } from "~/utils/page-number";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffImport.preview.title");

const PER_PAGE = 50;
const DATE_FIELDS = new Set(["startDate", "endDate"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "import");
  const code = organisation.code;
  const upload = findUpload(params.id, organisation.id, user.id);
  if (!upload || upload.appliedAt) return { code, preview: null };
  const summary = uploadSummary(upload);
  const asked = new URL(request.url).searchParams.get("show");
  const section: PlanSection = (PLAN_SECTIONS as readonly string[]).includes(asked ?? "")
    ? (asked as PlanSection)
    : (PLAN_SECTIONS.find((s) => summary.sectionSizes[s] > 0) ?? "add");
  const pageCount = Math.max(1, Math.ceil(summary.sectionSizes[section] / PER_PAGE));
  const page = Math.min(pageNumber(request), pageCount);
  const language = await getLanguage(request);
  const date = (value: unknown) => (typeof value === "string" && value ? formatDate(value, language) : "");
  const rows = planRowsPage(upload.id, section, (page - 1) * PER_PAGE, PER_PAGE).map((r) => ({
    ...r,
    startDate: date(r.startDate),
    endDate: date(r.endDate),
    changes: Array.isArray(r.changes)
      ? (r.changes as Array<{ field: string; from: string; to: string }>).map((c) =>
          DATE_FIELDS.has(c.field) ? { ...c, from: date(c.from), to: date(c.to) } : c,
        )
      : undefined,
    cells: undefined,
  }));
  return {
    code,
    preview: {
      id: upload.id,
      fileName: upload.fileName,
      fullList: upload.fullList,
      counts: summary.counts,
      sectionSizes: summary.sectionSizes,
      digest: summary.digest,
      newUnits: summary.newUnits,
      // Uploads checked before files could carry other organisations' rows have no such list.
      organisations: summary.organisations ?? [],
      section,
      rows,
      page,
      pageCount,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "import");
  const form = await request.formData();
  const uploadId = params.id ?? "";
  const result = await applyUploadOffThread({
    organisation,
    // Managed now: a row for an organisation the manager no longer manages is left out, and the
    // plan then differs from the preview, so nothing is applied until they check it again.
    alsoInto: otherManagedOrganisations(user.id, organisation.id),
    userId: user.id,
    uploadId,
    expectedDigest: String(form.get("digest") ?? ""),
  });
  if (!result.ok) return data({ done: null, problem: result.problem }, { status: result.status });
  const queued = await inviteImportedStaff(result.invitees);
  const leftOut = result.counts.invalid + result.counts.skipped;
  return { done: { ...result.counts, invitations: queued.length, leftOut, uploadId }, problem: null };
}

export default function ImportPreview() {
  const { t } = useTranslation();
  const { code, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const done = actionData?.done;

  if (done) {
    return (
      <>
        <SuccessBanner>{t("staffImport.done.title")}</SuccessBanner>
        <h1>{t("staffImport.done.title")}</h1>
        <dl className="nhsuk-summary-list" id="import-summary">
          {(["added", "updated", "leavers", "unchanged", "leftOut"] as const).map((key) => (
            <div className="nhsuk-summary-list__row" key={key}>
              <dt className="nhsuk-summary-list__key">{t(`staffImport.done.${key}`)}</dt>
              <dd className="nhsuk-summary-list__value" data-count={key}>
                {done[key]}
              </dd>
            </div>
          ))}
        </dl>
        {done.invitations ? <p>{t("staffImport.done.invitations", { count: done.invitations })}</p> : null}
        {done.leftOut ? (
          <p>
            <a href={`/manage/${code}/import/${done.uploadId}/download?what=left-out`} download>
              {t("staffImport.done.downloadLeftOut")}
            </a>
          </p>
        ) : null}
        <p>
          <Link to={`/manage/${code}/staff`}>{t("staffImport.done.staffLink")}</Link>
        </p>
      </>
    );
  }

  if (!preview) {
    return (
      <>
        <h1>{t("staffImport.preview.expiredTitle")}</h1>
        <p>{t("staffImport.preview.expired")}</p>
        <p>
          <Link to={`/manage/${code}/import`}>{t("staffImport.upload.title")}</Link>
        </p>
      </>
    );
  }

  const { counts } = preview;
  const summary: Array<[string, number]> = [
    ["rows", counts.rows],
    ["added", counts.added],
    ["updated", counts.updated],
    ["leavers", counts.leavers],
    ["unchanged", counts.unchanged],
    ["skipped", counts.skipped],
    ["invalid", counts.invalid],
    ["invitations", counts.invitations],
  ];
  const hasChanges = counts.added + counts.updated + counts.leavers > 0;
  const section = preview.section as PlanSectionName;
  return (
    <>
      <ErrorSummary errors={{ confirm: actionData?.problem }} />
      <h1>{t("staffImport.preview.title")}</h1>
      <p>{t("staffImport.preview.fileName", { name: preview.fileName })}</p>
      <h2>{t("staffImport.preview.summaryTitle")}</h2>
      <dl className="nhsuk-summary-list" id="import-summary">
        {summary.map(([key, value]) => (
          <div className="nhsuk-summary-list__row" key={key}>
            <dt className="nhsuk-summary-list__key">{t(`staffImport.preview.${key}`)}</dt>
            <dd className="nhsuk-summary-list__value" data-count={key}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {preview.organisations.length ? (
        <table className="nhsuk-table" id="import-organisations">
          <caption className="nhsuk-table__caption">{t("staffImport.preview.organisationsTitle")}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                {t("staffImport.columns.organisation")}
              </th>
              {(["added", "updated", "leavers"] as const).map((key) => (
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric" key={key}>
                  {t(`staffImport.preview.${key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {preview.organisations.map((o) => (
              <tr className="nhsuk-table__row" key={o.code}>
                <th scope="row" className="nhsuk-table__header">
                  {o.name} ({o.code})
                </th>
                {(["added", "updated", "leavers"] as const).map((key) => (
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric" key={key}>
                    {o.counts[key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>{preview.fullList ? t("staffImport.preview.fullListOn") : t("staffImport.preview.fullListOff")}</p>
      {preview.newUnits.length ? (
        <p>{t("staffImport.preview.newUnits", { names: preview.newUnits.join(", ") })}</p>
      ) : null}
      <p>
        <a href={`/manage/${code}/import/${preview.id}/download?what=plan`} download>
          {t("staffImport.preview.downloadPlan")}
        </a>
      </p>

      {hasChanges ? (
        <Form method="post">
          <input type="hidden" name="digest" value={preview.digest} />
          <button className="nhsuk-button" type="submit" id="confirm" disabled={busy}>
            {t("staffImport.preview.confirm")}
          </button>
        </Form>
      ) : (
        <p id="confirm">{t("staffImport.preview.nothingToDo")}</p>
      )}
      <p>
        <Link to={`/manage/${code}/import`}>{t("staffImport.preview.another")}</Link>
      </p>

      <h2 id="plan">{t("staffImport.preview.peopleTitle")}</h2>
      <SectionLinks sizes={preview.sectionSizes} current={section} />
      <h3 id="section-title">{t(`staffImport.sections.${section}`, { count: preview.sectionSizes[section] })}</h3>
      {preview.rows.length ? (
        <>
          <PlanTable section={section} rows={preview.rows} />
          <Pagination page={preview.page} pageCount={preview.pageCount} search={location.search} />
        </>
      ) : (
        <p>{t("staffImport.preview.sectionEmpty")}</p>
      )}
    </>
  );
}
