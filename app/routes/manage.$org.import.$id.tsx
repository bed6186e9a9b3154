import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { ErrorSummary, SuccessBanner } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { applyStaffImport, inviteImportedStaff, previewStaffImport } from "~/staff-import/apply.server";
import { RowProblemTable } from "~/staff-import/components";
import { planDigest } from "~/staff-import/plan.server";
import { findUpload } from "~/staff-import/uploads.server";
import { formatDate } from "~/utils/format-date";
import { pageNumber } from "~/utils/page-number";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffImport.preview.title");

const PROBLEMS_PER_PAGE = 50;
const ABSENT_SHOWN = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org);
  const code = organisation.code;
  const upload = findUpload(params.id, organisation.id, user.id);
  if (!upload) return { code, preview: null };
  const result = previewStaffImport({ organisation, content: upload.content, fileName: upload.fileName, fullList: upload.fullList, sendInvitations: upload.sendInvitations });
  // The upload page turns away files that cannot be read, so this only happens if the rules changed since.
  if (!result.ok) return { code, preview: null };
  const { plan } = result;
  const page = Math.min(pageNumber(request), Math.max(1, Math.ceil(plan.rowProblems.length / PROBLEMS_PER_PAGE)));
  const language = await getLanguage(request);
  return {
    code,
    preview: {
      fileName: upload.fileName,
      fullList: upload.fullList,
      counts: plan.counts,
      digest: planDigest(plan),
      newUnits: plan.newUnits,
      absentCount: plan.absentLeavers.length,
      absent: plan.absentLeavers.slice(0, ABSENT_SHOWN).map((a) => ({ id: a.membershipId, name: a.name, email: a.email, endDate: formatDate(a.endDate, language) })),
      problems: plan.rowProblems.slice((page - 1) * PROBLEMS_PER_PAGE, page * PROBLEMS_PER_PAGE),
      problemPage: page,
      problemPageCount: Math.max(1, Math.ceil(plan.rowProblems.length / PROBLEMS_PER_PAGE)),
      notes: plan.rowNotes.slice(0, ABSENT_SHOWN),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org);
  const form = await request.formData();
  const upload = findUpload(params.id, organisation.id, user.id);
  if (!upload) return data({ done: null, problem: { key: "staffImport.preview.expired" } }, { status: 410 });
  const result = applyStaffImport(
    { organisation, content: upload.content, fileName: upload.fileName, fullList: upload.fullList, sendInvitations: upload.sendInvitations },
    { actorUserId: user.id, uploadId: upload.id, expectedDigest: String(form.get("digest") ?? "") },
  );
  if (!result.ok) return data({ done: null, problem: result.problem }, { status: 409 });
  const queued = await inviteImportedStaff(result.invitees, organisation.name);
  return { done: { ...result.plan.counts, invitations: queued.length }, problem: null };
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
        <SuccessBanner>
          {t("staffImport.done.title")}
        </SuccessBanner>
        <h1>{t("staffImport.done.title")}</h1>
        <p>{t("staffImport.done.summary", { added: String(done.added), updated: String(done.updated), leavers: String(done.leavers), invalid: String(done.invalid) })}</p>
        {done.invitations ? <p>{t("staffImport.done.invitations", { count: done.invitations })}</p> : null}
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
      <p>{preview.fullList ? t("staffImport.preview.fullListOn") : t("staffImport.preview.fullListOff")}</p>
      {preview.newUnits.length ? <p>{t("staffImport.preview.newUnits", { names: preview.newUnits.join(", ") })}</p> : null}

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

      {preview.problems.length ? (
        <>
          <h2 id="problems">{t("staffImport.preview.problemsTitle")}</h2>
          <p>{t("staffImport.preview.problemsIntro")}</p>
          <RowProblemTable caption={t("staffImport.preview.problemsTitle")} rows={preview.problems} />
          <Pagination page={preview.problemPage} pageCount={preview.problemPageCount} search={location.search} />
        </>
      ) : null}

      {preview.absent.length ? (
        <>
          <h2>{t("staffImport.preview.absentTitle")}</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {preview.absent.map((a) => (
              <li key={a.id}>
                {a.name} ({a.email})
              </li>
            ))}
          </ul>
          {preview.absentCount > preview.absent.length ? <p>{t("staffImport.preview.absentMore", { count: preview.absentCount - preview.absent.length })}</p> : null}
        </>
      ) : null}

      {preview.notes.length ? (
        <>
          <h2>{t("staffImport.preview.notesTitle")}</h2>
          <RowProblemTable caption={t("staffImport.preview.notesTitle")} rows={preview.notes} />
        </>
      ) : null}
    </>
  );
}
