import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AUDIT_ACTIONS } from "@db/schema";
import { auditFiltersOf, listAuditEvents } from "~/audit/audit.server";
import { describeAuditDetails, type DetailItem } from "~/audit/details";
import { requireAdmin } from "~/auth/authorise.server";
import { ErrorSummary, Select, TextInput } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { pageTitle } from "~/i18n/meta";
import { pageNumber } from "~/utils/page-number";
import { formatDateTime } from "~/utils/format-date";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { values, filters, errors } = auditFiltersOf(new URL(request.url));
  const audit = listAuditEvents(pageNumber(request), filters);
  const body = {
    ...audit,
    rows: audit.rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    actions: AUDIT_ACTIONS,
    values,
    filtered: Object.keys(filters).length > 0,
    errors,
  };
  return Object.keys(errors).length ? data(body, { status: 400 }) : body;
}

function DetailList({ items }: { items: DetailItem[] }) {
  return (
    <dl className="app-detail-list">
      {items.map((item, i) => (
        <div key={i}>
          <dt>{item.term}</dt>
          <dd>{"items" in item ? <DetailList items={item.items} /> : item.description}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function AuditTrail() {
  const { t, i18n } = useTranslation();
  const audit = useLoaderData<typeof loader>();
  const location = useLocation();
  const actionLabels = audit.actions
    .map((a) => ({ value: a, label: t(`admin.actions.${a}`) }))
    .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      <ErrorSummary errors={audit.errors} />
      <Form method="get" className="app-filters" aria-label={t("admin.audit.filtersTitle")} key={location.search}>
        <TextInput
          name="who"
          label={t("admin.audit.who")}
          hint={t("admin.audit.whoHint")}
          defaultValue={audit.values.who}
          error={audit.errors.who}
          spellCheck={false}
        />
        <Select
          name="what"
          label={t("admin.audit.what")}
          defaultValue={audit.values.what}
          error={audit.errors.what}
          options={[{ value: "", label: t("admin.audit.anything") }, ...actionLabels]}
        />
        <TextInput
          name="organisation"
          label={t("admin.audit.organisationFilter")}
          defaultValue={audit.values.organisation}
          error={audit.errors.organisation}
        />
        <TextInput
          name="from"
          label={t("admin.audit.from")}
          hint={t("admin.audit.dateHint")}
          defaultValue={audit.values.from}
          error={audit.errors.from}
          width={10}
        />
        <TextInput
          name="to"
          label={t("admin.audit.to")}
          hint={t("admin.audit.dateHint")}
          defaultValue={audit.values.to}
          error={audit.errors.to}
          width={10}
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("admin.audit.submit")}
        </button>
      </Form>
      {audit.filtered || Object.keys(audit.errors).length ? (
        <p>
          {t("admin.audit.count", { count: audit.total })} <Link to="/admin/audit">{t("admin.audit.clear")}</Link>
        </p>
      ) : null}
      {audit.total === 0 ? (
        <p>{audit.filtered ? t("admin.audit.noMatches") : t("admin.audit.empty")}</p>
      ) : (
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.when")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.action")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.actor")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.subject")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.organisation")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.details")}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {audit.rows.map((row) => {
              const details = describeAuditDetails(row.action, row.details, t);
              return (
                <tr className="nhsuk-table__row" key={row.id}>
                  <td className="nhsuk-table__cell">{formatDateTime(row.at, i18n.language)}</td>
                  <td className="nhsuk-table__cell">{t(`admin.actions.${row.action}`)}</td>
                  <td className="nhsuk-table__cell app-break-all">{row.actorEmail ?? t("admin.audit.system")}</td>
                  <td className="nhsuk-table__cell app-break-all">{row.subjectEmail ?? ""}</td>
                  <td className="nhsuk-table__cell">{row.organisationName ?? ""}</td>
                  <td className="nhsuk-table__cell">
                    {details.length ? <DetailList items={details} /> : t("admin.audit.noDetails")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination page={audit.page} pageCount={audit.pageCount} search={location.search} />
    </>
  );
}
