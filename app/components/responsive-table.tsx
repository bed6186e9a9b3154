import type { ReactNode } from "react";

/**
 * A cell of an NHS.UK responsive table (`nhsuk-table-responsive`): on a narrow screen the table
 * stacks, and each cell shows its column heading beside the value (hidden from screen readers, which
 * read the real header).
 */
export function ResponsiveCell({ heading, children }: { heading: string; children?: ReactNode }) {
  return (
    <td className="nhsuk-table__cell">
      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
        {heading}{" "}
      </span>
      {children}
    </td>
  );
}

/** The column headings of a responsive table, the same words its ResponsiveCells show on a narrow screen. */
export function ResponsiveTableHead({ headings }: { headings: string[] }) {
  return (
    <thead className="nhsuk-table__head">
      <tr className="nhsuk-table__row">
        {headings.map((heading) => (
          <th scope="col" className="nhsuk-table__header" key={heading}>
            {heading}
          </th>
        ))}
      </tr>
    </thead>
  );
}
