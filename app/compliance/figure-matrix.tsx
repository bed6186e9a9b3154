import type { ReactNode } from "react";
import { ScrollingTable } from "~/components/scrolling-table";
import { ModuleName } from "./components";

export interface MatrixRow {
  key: string;
  /** The row's header: a unit, staff group or month, as text or a link. */
  name: ReactNode;
  /** One cell per column, in the columns' order. */
  cells: ReactNode[];
}

/**
 * A table of compliance figures with a column per module (and "all required training"), scrolling
 * sideways on its own on a narrow screen: the dashboard's breakdowns and the evidence pack's tables.
 */
export function FigureMatrix({
  id,
  caption,
  smallCaption = false,
  firstColumn,
  columns,
  rows,
}: {
  id: string;
  caption: string;
  smallCaption?: boolean;
  firstColumn: string;
  columns: { slug: string; title: string | null }[];
  rows: MatrixRow[];
}) {
  return (
    <ScrollingTable captionId={`${id}-caption`} caption={caption} smallCaption={smallCaption}>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            {firstColumn}
          </th>
          {columns.map((c) => (
            <th scope="col" className="nhsuk-table__header app-numeric" key={c.slug}>
              <ModuleName title={c.title} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => (
          <tr className="nhsuk-table__row" key={row.key}>
            <th scope="row" className="nhsuk-table__header app-row-header">
              {row.name}
            </th>
            {row.cells.map((cell, i) => (
              <td className="nhsuk-table__cell app-numeric" key={columns[i].slug}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  );
}
