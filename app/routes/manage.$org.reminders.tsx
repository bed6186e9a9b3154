import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { SuccessBanner } from "~/components/forms";
import { deliverInBackground } from "~/email/mailer.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { Pagination } from "~/components/pagination";
import { ResponsiveCell, ResponsiveTableHead } from "~/components/responsive-table";
import { lastReminderRun, reminderPreview, sendReminders } from "~/reminders/reminders.server";
import { Checkbox } from "~/staff-import/components";
import { formatDate } from "~/utils/format-date";
import { ukDate } from "~/utils/dates";
import { pageNumber } from "~/utils/page-number";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reminders.page.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "remind");
  const language = await getLanguage(request);
  const preview = await reminderPreview(scope, language, pageNumber(request));
  const last = lastReminderRun(organisation.id);
  return {
    ...preview,
    lastRun: last ? formatDate(ukDate(last), language) : null,
    wholeOrganisation: scope.unitIds === null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation, scope } = await requireManagerOf(request, params.org, "remind");
  const form = await request.formData();
  // The managers' summary lists the whole organisation's overdue people: not a unit manager's to send.
  const report = await sendReminders({
    organisationId: organisation.id,
    unitIds: scope.unitIds ?? undefined,
    actorUserId: user.id,
    managerSummaries: scope.unitIds === null && form.get("managerSummary") === "yes",
  });
  deliverInBackground();
  return { sent: { people: report.people, modules: report.modules, summaries: report.summaries } };
}

export default function Reminders() {
  const { t } = useTranslation();
  const preview = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>()?.sent;
  const busy = useNavigation().state === "submitting";
  const search = useLocation().search;
  const column = (key: string) => t(`reminders.page.columns.${key}`);
  const rows: Array<[string, number]> = [
    ["due", preview.due],
    ["overdue", preview.overdue],
    ["recentlyReminded", preview.recentlyReminded],
    ["recentlyInvited", preview.recentlyInvited],
    ["toSend", preview.people],
  ];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {sent ? (
          <SuccessBanner>
            {sent.people
              ? t("reminders.page.sent", { people: sent.people, modules: sent.modules })
              : t("reminders.page.noneSent")}
            {sent.summaries ? ` ${t("reminders.page.summariesSent", { count: sent.summaries })}` : null}
          </SuccessBanner>
        ) : null}
        <h1>{t("reminders.page.title")}</h1>
        <p>{t("reminders.page.intro")}</p>
        {preview.lastRun ? <p>{t("reminders.page.lastRun", { date: preview.lastRun })}</p> : null}
        <h2>{t("reminders.page.nowTitle")}</h2>
        <dl className="nhsuk-summary-list">
          {rows.map(([key, value]) => (
            <div className="nhsuk-summary-list__row" key={key}>
              <dt className="nhsuk-summary-list__key">{t(`reminders.page.${key}`)}</dt>
              <dd className="nhsuk-summary-list__value" data-count={key}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        {preview.rows.length ? (
          <>
            <table className="nhsuk-table-responsive" id="who">
              <caption className="nhsuk-table__caption">{t("reminders.page.whoCaption")}</caption>
              <ResponsiveTableHead headings={["name", "email", "module", "due"].map(column)} />
              <tbody className="nhsuk-table__body">
                {preview.rows.map((row) => (
                  <tr className="nhsuk-table__row" key={`${row.email} ${row.module}`}>
                    <ResponsiveCell heading={column("name")}>{row.name}</ResponsiveCell>
                    <ResponsiveCell heading={column("email")}>{row.email}</ResponsiveCell>
                    <ResponsiveCell heading={column("module")}>{row.module}</ResponsiveCell>
                    <ResponsiveCell heading={column("due")}>
                      {t(row.overdue ? "reminders.page.overdueSince" : "reminders.page.dueBy", { date: row.date })}
                    </ResponsiveCell>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination page={preview.page} pageCount={preview.pageCount} search={search} />
          </>
        ) : null}
        <Form method="post">
          {preview.wholeOrganisation ? (
            <div className="nhsuk-form-group">
              <fieldset className="nhsuk-fieldset">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  {t("reminders.page.optionsLegend")}
                </legend>
                <div className="nhsuk-checkboxes">
                  <Checkbox
                    name="managerSummary"
                    label={t("reminders.page.managerSummary")}
                    hint={t("reminders.page.managerSummaryHint")}
                  />
                </div>
              </fieldset>
            </div>
          ) : null}
          <button className="nhsuk-button" type="submit" disabled={busy}>
            {t("reminders.page.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
