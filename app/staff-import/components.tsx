import { useTranslation } from "react-i18next";
import type { MessageWithValues } from "~/components/forms";

/** An i18n key and its values: what the import's server code reports. */
export type ProblemText = MessageWithValues;

export function Checkbox({ name, label, hint, defaultChecked }: { name: string; label: string; hint?: string; defaultChecked?: boolean }) {
  return (
    <div className="nhsuk-checkboxes__item">
      <input className="nhsuk-checkboxes__input" id={name} name={name} type="checkbox" value="yes" defaultChecked={defaultChecked} aria-describedby={hint ? `${name}-hint` : undefined} />
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
export function RowProblemTable({ caption, rows }: { caption: string; rows: Array<{ row: number; problems: ProblemText[] }> }) {
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
