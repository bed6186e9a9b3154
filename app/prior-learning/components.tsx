import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface CourseMappingLine {
  name: string;
  esrCompetence: boolean;
  modules: { id: number; slug: string; title: string }[];
}

/** Which outside courses count for which modules: the manager's upload page and the admin's page. */
export function CourseMappingTable({
  mappings,
  action,
}: {
  mappings: CourseMappingLine[];
  /** What to show beside each module (the admin's Remove button). */
  action?: (line: CourseMappingLine, module: CourseMappingLine["modules"][number]) => ReactNode;
}) {
  const { t } = useTranslation();
  if (mappings.length === 0) return <p>{t("priorLearning.upload.mappingEmpty")}</p>;
  return (
    <table className="nhsuk-table">
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            {t("priorLearning.upload.course")}
          </th>
          <th scope="col" className="nhsuk-table__header">
            {t("priorLearning.upload.modules")}
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {mappings.map((line) => (
          <tr className="nhsuk-table__row" key={line.name}>
            <td className="nhsuk-table__cell app-break-all">
              {line.name}
              {line.esrCompetence ? (
                <>
                  {" "}
                  <strong className="nhsuk-tag nhsuk-tag--blue">{t("priorLearning.upload.esrCompetence")}</strong>
                </>
              ) : null}
            </td>
            <td className="nhsuk-table__cell">
              <ul className="nhsuk-list">
                {line.modules.map((m) => (
                  <li key={m.id}>
                    {m.title}
                    {action ? <> {action(line, m)}</> : null}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Recorded in ESR, imported by … on …": wherever a completion done elsewhere is shown. */
export function PriorLearningSource({
  source,
  importedBy,
  importedOn,
}: {
  source: string;
  importedBy: string | null;
  importedOn: string | null;
}) {
  const { t } = useTranslation();
  const parts = [t("priorLearning.source.recordedIn", { source })];
  if (importedOn)
    parts.push(
      importedBy
        ? t("priorLearning.source.importedBy", { name: importedBy, date: importedOn })
        : t("priorLearning.source.importedOn", { date: importedOn }),
    );
  return <>{parts.join(", ")}</>;
}
