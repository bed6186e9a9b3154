import { useTranslation } from "react-i18next";

interface Problem {
  key: string;
  values?: Record<string, string>;
}

/** The file field of a spreadsheet upload form (field "file": CSV, text or XLSX), with its hint and error. */
export function SpreadsheetFileField({ label, hint, problem }: { label: string; hint: string; problem?: Problem }) {
  const { t } = useTranslation();
  return (
    <div className={`nhsuk-form-group${problem ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor="file">
        {label}
      </label>
      <div className="nhsuk-hint" id="file-hint">
        {hint}
      </div>
      {problem ? (
        <span className="nhsuk-error-message" id="file-error">
          <span className="nhsuk-u-visually-hidden">{t("errors.errorPrefix")} </span>
          {t(problem.key, problem.values)}
        </span>
      ) : null}
      <input
        className="nhsuk-input app-file-input"
        id="file"
        name="file"
        type="file"
        accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-describedby={problem ? "file-hint file-error" : "file-hint"}
      />
    </div>
  );
}
