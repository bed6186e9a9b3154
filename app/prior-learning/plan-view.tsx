import { useTranslation } from "react-i18next";
import type { completionPreview } from "./preview.server";

type Preview = ReturnType<typeof completionPreview>;
type Line = Preview["add"][number];

function PlannedTable({ id, title, lines, total }: { id: string; title: string; lines: Line[]; total: number }) {
  const { t } = useTranslation();
  if (total === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} ({total})
      </h2>
      <table className="nhsuk-table" id={id}>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {(["row", "person", "module", "course", "completed", "expires"] as const).map((h) => (
              <th scope="col" className="nhsuk-table__header" key={h}>
                {t(`priorLearning.preview.${h}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {lines.map((l) => (
            <tr className="nhsuk-table__row" key={`${l.row}/${l.module}`}>
              <td className="nhsuk-table__cell">{l.row}</td>
              <td className="nhsuk-table__cell">{l.person}</td>
              <td className="nhsuk-table__cell">{l.module}</td>
              <td className="nhsuk-table__cell app-break-all">{l.course}</td>
              <td className="nhsuk-table__cell">{l.completed}</td>
              <td className="nhsuk-table__cell">{l.expires ?? t("priorLearning.preview.noExpiry")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > lines.length ? <p>{t("priorLearning.preview.more", { count: total - lines.length })}</p> : null}
    </section>
  );
}

/** The plan, person by person and module by module, and the rows left out with their reasons. */
export function CompletionPlanView({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  return (
    <>
      <PlannedTable
        id="plan-add"
        title={t("priorLearning.preview.addTitle")}
        lines={preview.add}
        total={preview.counts.add}
      />
      {preview.counts.problems > 0 ? (
        <section aria-labelledby="plan-problems-title">
          <h2 id="plan-problems-title">
            {t("priorLearning.preview.problemsTitle")} ({preview.counts.problems})
          </h2>
          <table className="nhsuk-table" id="plan-problems">
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {(["row", "person", "course", "reasons"] as const).map((h) => (
                  <th scope="col" className="nhsuk-table__header" key={h}>
                    {t(`priorLearning.preview.${h}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {preview.problems.map((p) => (
                <tr className="nhsuk-table__row" key={p.row}>
                  <td className="nhsuk-table__cell">{p.row}</td>
                  <td className="nhsuk-table__cell">{p.person}</td>
                  <td className="nhsuk-table__cell app-break-all">{p.course}</td>
                  <td className="nhsuk-table__cell">
                    <ul className="nhsuk-list">
                      {p.problems.map((x, i) => (
                        <li key={i}>
                          {x.column ? `${x.column}: ` : ""}
                          {t(x.key, x.values)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.counts.problems > preview.problems.length ? (
            <p>{t("priorLearning.preview.more", { count: preview.counts.problems - preview.problems.length })}</p>
          ) : null}
        </section>
      ) : null}
      <PlannedTable
        id="plan-unchanged"
        title={t("priorLearning.preview.unchangedTitle")}
        lines={preview.unchanged}
        total={preview.counts.unchanged}
      />
    </>
  );
}
