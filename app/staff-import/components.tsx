import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MessageWithValues } from "~/components/forms";

/** An i18n key and its values: what the import's server code reports. */
export type ProblemText = MessageWithValues & { column?: string };

export function Checkbox({
  name,
  label,
  hint,
  defaultChecked,
}: {
  name: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
}) {
  return (
    <div className="nhsuk-checkboxes__item">
      <input
        className="nhsuk-checkboxes__input"
        id={name}
        name={name}
        type="checkbox"
        value="yes"
        defaultChecked={defaultChecked}
        aria-describedby={hint ? `${name}-hint` : undefined}
      />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** Rows and the reasons they were left out or noted, one table row per file row. */
export function RowProblemTable({
  caption,
  rows,
}: {
  caption: string;
  rows: Array<{ row: number; problems: ProblemText[] }>;
}) {
  const { t } = useTranslation();
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header app-import-row-number">
            {t("staffImport.preview.row")}
          </th>
          <th scope="col" className="nhsuk-table__header">
            {t("staffImport.preview.reason")}
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((r) => (
          <tr className="nhsuk-table__row" key={r.row}>
            <td className="nhsuk-table__cell">{r.row}</td>
            <td className="nhsuk-table__cell">
              {r.problems.length === 1 ? (
                t(r.problems[0].key, r.problems[0].values)
              ) : (
                <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
                  {r.problems.map((p, i) => (
                    <li key={i}>{t(p.key, p.values)}</li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const PLAN_SECTION_NAMES = ["add", "update", "leave", "leftOut", "notes"] as const;
export type PlanSectionName = (typeof PLAN_SECTION_NAMES)[number];

/** Links to each of the preview's tables, with how many people each holds. */
export function SectionLinks({ sizes, current }: { sizes: Record<PlanSectionName, number>; current: PlanSectionName }) {
  const { t } = useTranslation();
  return (
    <ul className="nhsuk-list" id="plan-sections">
      {PLAN_SECTION_NAMES.map((section) => (
        <li key={section}>
          {section === current ? (
            <strong aria-current="true">{t(`staffImport.sections.${section}`, { count: sizes[section] })}</strong>
          ) : (
            <Link to={`?show=${section}#plan`}>{t(`staffImport.sections.${section}`, { count: sizes[section] })}</Link>
          )}
        </li>
      ))}
    </ul>
  );
}

interface PlanLine {
  row?: unknown;
  organisation?: unknown;
  name?: unknown;
  email?: unknown;
  employeeNumber?: unknown;
  assignments?: unknown;
  unit?: unknown;
  staffGroup?: unknown;
  jobRole?: unknown;
  startDate?: unknown;
  endDate?: unknown;
  absent?: unknown;
  changes?: Array<{ field: string; from: string; to: string }>;
  problems?: unknown;
}

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));

/** One of the preview's tables: the people added, changed, marked as leavers, left out, or noted. */
export function PlanTable({ section, rows }: { section: PlanSectionName; rows: PlanLine[] }) {
  const { t } = useTranslation();
  const person = (r: PlanLine) => (
    <>
      {text(r.name)}
      {Number(r.assignments) > 1 ? (
        <>
          {" "}
          <span className="nhsuk-tag nhsuk-tag--grey">
            {t("staffImport.preview.assignments", { count: Number(r.assignments) })}
          </span>
        </>
      ) : null}
    </>
  );
  // Lines name their organisation only when the file writes to more than one.
  const organisation = rows.some((r) => r.organisation) ? ["organisation"] : [];
  const columns: Record<PlanSectionName, string[]> = {
    add: ["row", ...organisation, "name", "email", "employeeNumber", "unit", "staffGroup", "jobRole", "startDate"],
    update: ["row", ...organisation, "name", "changes"],
    leave: ["row", ...organisation, "name", "email", "endDate"],
    leftOut: ["row", "name", "reason"],
    notes: ["row", "name", "reason"],
  };
  const cell = (r: PlanLine, column: string) => {
    if (column === "name") return person(r);
    if (column === "row") return r.row === null ? t("staffImport.preview.notInFile") : text(r.row);
    if (column === "changes")
      return (
        <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
          {(r.changes ?? []).map((c) => (
            <li key={c.field}>
              {t(`staffImport.fields.${c.field}`)}: {c.from || t("staffImport.preview.blank")} →{" "}
              {c.to || t("staffImport.preview.blank")}
            </li>
          ))}
        </ul>
      );
    if (column === "reason") {
      const problems = (r.problems ?? []) as ProblemText[];
      return (
        <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
          {problems.map((p, i) => (
            <li key={i}>
              {p.column ? <>{p.column}: </> : null}
              {t(p.key, p.values)}
            </li>
          ))}
        </ul>
      );
    }
    return text(r[column as keyof PlanLine]);
  };
  return (
    <table className="nhsuk-table-responsive" id={`plan-${section}`}>
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
        {t(`staffImport.sections.${section}`, { count: rows.length })}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {columns[section].map((column) => (
            <th scope="col" className="nhsuk-table__header" key={column}>
              {t(`staffImport.columns.${column}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((r, i) => (
          <tr className="nhsuk-table__row" key={`${text(r.row)}-${i}`}>
            {columns[section].map((column) => (
              <td className="nhsuk-table__cell" key={column}>
                <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                  {t(`staffImport.columns.${column}`)}{" "}
                </span>
                {cell(r, column)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
